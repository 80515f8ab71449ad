import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';

/**
 * Who is on the other end of a request, believing X-Forwarded-For and X-Forwarded-Proto only
 * from the configured proxies (config.trustedProxies, TRUST_PROXY). Walks the forwarded chain
 * from the nearest hop back, as proxy-addr does, and stops at the first hop that is no trusted
 * proxy: that hop is the client, whatever it wrote into the headers.
 */
export interface ClientOf {
  /** the client's address */
  address: string;
  /** the client reached us over TLS: our own, or a trusted proxy's that says so */
  isTls: boolean;
}

const lists = new WeakMap<readonly string[], net.BlockList>();

function trustedList(trusted: readonly string[]): net.BlockList {
  let list = lists.get(trusted);
  if (!list) {
    list = new net.BlockList();
    for (const entry of trusted) {
      const [address, prefix] = entry.split('/') as [string, string | undefined];
      const family = net.isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) list.addAddress(address, family);
      else list.addSubnet(address, Number(prefix), family);
    }
    lists.set(trusted, list);
  }
  return list;
}

/** `::ffff:10.0.0.1` (an IPv4 client of a dual-stack socket) is 10.0.0.1. */
function plain(address: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;
}

function isTrusted(list: net.BlockList, address: string): boolean {
  const family = net.isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

function header(req: FastifyRequest, name: string): string[] {
  const v = req.headers[name];
  return (Array.isArray(v) ? v.join(',') : (v ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function clientOf(req: FastifyRequest, trusted: readonly string[]): ClientOf {
  const socket = req.raw.socket;
  const peer = plain(socket.remoteAddress ?? '');
  const isOwnTls = (socket as Partial<TLSSocket>).encrypted === true;
  if (trusted.length === 0) return { address: peer, isTls: isOwnTls };
  const list = trustedList(trusted);
  const peerIsProxy = isTrusted(list, peer);
  let address = peer;
  const hops = header(req, 'x-forwarded-for').reverse();
  for (const hop of hops) {
    if (!isTrusted(list, address)) break;
    const next = plain(hop);
    if (net.isIP(next) === 0) break;
    address = next;
  }
  // the nearest proxy's word on the scheme: the last value of the header
  const proto = header(req, 'x-forwarded-proto').pop()?.toLowerCase();
  return { address, isTls: isOwnTls || (peerIsProxy && proto === 'https') };
}

/**
 * The key an address is counted under: an IPv6 client by its /64, which one subscriber
 * usually holds whole, so a new address per attempt does not buy new attempts.
 */
export function addressKey(address: string | null): string {
  if (!address) return 'unknown';
  if (net.isIP(address) !== 6) return address;
  const [head, tail = ''] = address.split('::') as [string, string?];
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
