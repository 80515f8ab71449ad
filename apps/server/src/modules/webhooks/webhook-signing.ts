import crypto from 'node:crypto';

/**
 * The Standard Webhooks signature (https://www.standardwebhooks.com, spec 1.0): the content
 * `<webhook-id>.<webhook-timestamp>.<body>` under HMAC-SHA256, base64, sent as `v1,<signature>`;
 * several signatures (during a secret rotation) are separated by spaces. A secret is serialised
 * `whsec_` + base64 of its bytes; the key is those bytes.
 */

const PREFIX = 'whsec_';

/** A fresh secret: 32 random bytes (the spec asks at least 24), `whsec_…`. */
export function newWebhookSecret(): string {
  return PREFIX + crypto.randomBytes(32).toString('base64');
}

/**
 * The HMAC key of a secret: the bytes of a `whsec_` secret; any other text (a CASE_WEBHOOK_SECRET
 * set before subscribers existed) as its UTF-8 bytes, as the receiver already holds it.
 */
export function signingKey(secret: string): Buffer {
  if (secret.startsWith(PREFIX)) {
    const bytes = Buffer.from(secret.slice(PREFIX.length), 'base64');
    if (bytes.length > 0) return bytes;
  }
  return Buffer.from(secret, 'utf8');
}

/** `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` under `secret`. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const mac = crypto
    .createHmac('sha256', signingKey(secret))
    .update(`${id}.${timestamp}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

/** The `webhook-signature` header: one signature per secret, space-separated. */
export function signatureHeader(
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: string,
): string {
  return secrets.map((s) => signWebhook(s, id, timestamp, body)).join(' ');
}
