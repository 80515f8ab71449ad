import net from 'node:net';

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
