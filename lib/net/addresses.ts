import ipaddr from 'ipaddr.js';

/**
 * The shopper's or merchant's address as the gateway should believe it: the socket peer, unless that
 * peer is a trusted proxy, in which case the right-most X-Forwarded-For hop that is not itself trusted.
 * Clients can write any X-Forwarded-For they like, so it is only read behind a configured proxy.
 */
export function resolveClientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: readonly string[],
): string {
  const peer = normalize(socketAddress ?? '');
  if (!isTrusted(peer, trustedProxies)) return peer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((hop) => normalize(hop.trim()))
    .filter(Boolean);
  for (let index = hops.length - 1; index >= 0; index--) {
    if (!isTrusted(hops[index], trustedProxies)) return hops[index];
  }
  return hops[0] ?? peer;
}

/**
 * Whether the socket peer is one of KASA_TRUSTED_PROXIES: only then are its X-Forwarded-Host and
 * X-Forwarded-Proto believed (Next.js compares a server action's Origin with X-Forwarded-Host).
 */
export function isTrustedPeer(socketAddress: string | undefined, trustedProxies: readonly string[]): boolean {
  return isTrusted(normalize(socketAddress ?? ''), trustedProxies);
}

function normalize(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.parse(address);
  // "::ffff:127.0.0.1" and "127.0.0.1" are the same client.
  return parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
    ? (parsed as ipaddr.IPv6).toIPv4Address().toString()
    : parsed.toString();
}

function isTrusted(address: string, trustedProxies: readonly string[]): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  return trustedProxies.some((entry) => {
    if (!entry.includes('/')) return ipaddr.isValid(entry) && normalize(entry) === parsed.toString();
    const [range, bits] = ipaddr.parseCIDR(entry);
    return range.kind() === parsed.kind() && parsed.match(range, bits);
  });
}

/**
 * The key per-address limits count under: an IPv4 address as it is, an IPv6 address by its /64
 * (one subscriber's prefix: rotating addresses inside it must not escape a limit), anything that is
 * not an address as it is.
 */
export function limitKeyOf(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const bytes = parsed.toByteArray().fill(0, 8);
  return `${ipaddr.fromByteArray(bytes).toString()}/64`;
}
