import dns from 'node:dns/promises';
import net from 'node:net';
import os from 'node:os';
import { WEBHOOK_URL_MAX } from '@cc/contracts';
import { AppError } from '../../platform/errors.js';

/** Where this server answers: the ports it listens on, PUBLIC_URL, the address it is bound to. */
export interface SelfAddress {
  ports: readonly number[];
  publicUrl: string | null;
  host: string;
}

const LOOKUP_MS = 2000;

const refuseSelf = () =>
  AppError.invalid(
    'url',
    'self',
    'url: this is the platform itself; a subscriber is another system / 不能订阅到本平台自身的地址',
  );

/**
 * An IPv4-mapped IPv6 address as its IPv4 (`::ffff:127.0.0.1`, and `::ffff:7f00:1` as the URL
 * parser writes it, both reach 127.0.0.1); any other address as it is.
 */
function ipv4OfMapped(ip: string): string {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (dotted) return dotted[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(ip);
  if (!hex) return ip;
  const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Loopback, "any", or an address of this machine's interfaces (the server listens on them). */
function isOwnAddress(address: string, host: string): boolean {
  const ip = ipv4OfMapped(address.toLowerCase());
  if (net.isIPv4(ip) && (ip.startsWith('127.') || ip === '0.0.0.0')) return true;
  if (ip === '::1' || ip === '::' || ip === '0:0:0:0:0:0:0:1') return true;
  if (ip === host.toLowerCase()) return true;
  return Object.values(os.networkInterfaces()).some((list) =>
    (list ?? []).some((i) => i.address.toLowerCase() === ip),
  );
}

/** The host's addresses, or none when it does not resolve (then it cannot be this server). */
async function addressesOf(hostname: string): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string[]>((resolve) => {
    timer = setTimeout(() => resolve([]), LOOKUP_MS);
    timer.unref();
  });
  try {
    return await Promise.race([
      dns
        .lookup(hostname, { all: true, verbatim: true })
        .then((list) => list.map((a) => a.address))
        .catch(() => []),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A subscriber's URL, normalised, or a 400 naming `url`: an http(s) address of 1–500
 * characters without user name or password, that is not this server — not PUBLIC_URL's
 * origin, and not loopback, "any" or one of this machine's addresses on a port this server
 * listens on (its name resolved, so `localhost` and its aliases count). Other local ports are
 * other systems and are fine.
 */
export async function checkSubscriberUrl(text: string, self: SelfAddress): Promise<string> {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw AppError.invalid('url', 'format', 'url: not a web address (https://…) / 不是有效的网址');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw AppError.invalid(
      'url',
      'scheme',
      `url: only http:// or https:// addresses, not ${url.protocol} / 只接受 http 或 https 地址`,
    );
  }
  if (url.username || url.password) {
    throw AppError.invalid(
      'url',
      'credentials',
      'url: no user name or password in the address; the signature proves the sender / 地址中不能含用户名或密码',
    );
  }
  url.hash = '';
  const normalised = url.toString();
  if (normalised.length > WEBHOOK_URL_MAX) {
    throw AppError.invalid(
      'url',
      'maxLength',
      `url: at most ${WEBHOOK_URL_MAX} characters / 地址不超过 ${WEBHOOK_URL_MAX} 个字符`,
    );
  }
  if (self.publicUrl && new URL(self.publicUrl).origin === url.origin) throw refuseSelf();
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (!self.ports.includes(port)) return normalised;
  const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) throw refuseSelf();
  const addresses = net.isIP(hostname) ? [hostname] : await addressesOf(hostname);
  if (addresses.some((a) => isOwnAddress(a, self.host))) throw refuseSelf();
  return normalised;
}
