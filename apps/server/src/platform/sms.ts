/**
 * SMS: the only service outside the city's network, so it sits behind a provider interface.
 * `outbox` (the default) delivers nowhere: the message row itself is the 短信发件箱 that staff
 * read in the web app. `http` posts to a real SMS gateway (URL, credentials and template
 * from config). A provider throws to ask for a retry.
 */
export interface SmsMessage {
  /** our notification id: providers that support it make sending idempotent with it */
  ref: string;
  to: string;
  text: string;
}

export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<{ providerRef: string }>;
}

export class OutboxSmsProvider implements SmsProvider {
  readonly name = 'outbox';
  async send(message: SmsMessage): Promise<{ providerRef: string }> {
    return { providerRef: message.ref };
  }
}

export interface HttpGatewayConfig {
  url: string;
  /** sent as `Authorization: Bearer …` */
  token: string | null;
  /** the gateway's template id and signature (签名), passed through */
  templateId: string | null;
  signName: string | null;
  timeoutMs?: number;
}

/**
 * A JSON SMS gateway: POST {requestId, phoneNumbers, signName, templateId, templateParam: {content}}.
 * 2xx with a `messageId` (or `id`) is accepted; anything else is an error and is retried.
 */
export class HttpSmsGateway implements SmsProvider {
  readonly name = 'http';
  constructor(private readonly cfg: HttpGatewayConfig) {}

  async send(message: SmsMessage): Promise<{ providerRef: string }> {
    const res = await fetch(this.cfg.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': message.ref,
        ...(this.cfg.token ? { authorization: `Bearer ${this.cfg.token}` } : {}),
      },
      body: JSON.stringify({
        requestId: message.ref,
        phoneNumbers: message.to,
        signName: this.cfg.signName,
        templateId: this.cfg.templateId,
        templateParam: { content: message.text },
      }),
      signal: AbortSignal.timeout(this.cfg.timeoutMs ?? 5000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`SMS gateway answered ${res.status}: ${text.slice(0, 200)}`);
    let body: { messageId?: unknown; id?: unknown } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new Error(`SMS gateway answered ${res.status} without JSON`);
    }
    const ref = body.messageId ?? body.id;
    if (typeof ref !== 'string' && typeof ref !== 'number') {
      throw new Error('SMS gateway answered without a message id');
    }
    return { providerRef: String(ref) };
  }
}

export function createSmsProvider(cfg: {
  smsProvider: 'outbox' | 'http';
  smsGateway: HttpGatewayConfig | null;
}): SmsProvider {
  if (cfg.smsProvider === 'http') {
    if (!cfg.smsGateway?.url) throw new Error('SMS_PROVIDER=http needs SMS_GATEWAY_URL');
    return new HttpSmsGateway(cfg.smsGateway);
  }
  return new OutboxSmsProvider();
}
