import dns from 'node:dns';
import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Global unicast IPv6 (2000::/3): everything outside it is special-purpose or unallocated. */
const globalUnicastV6 = ipaddr.parseCIDR('2000::/3');

/**
 * True only for an address a merchant's server may publicly have: ipaddr.js range 'unicast' (not
 * loopback, private, link-local, unique-local, multicast, carrier-grade NAT, reserved, documentation…),
 * IPv6 within 2000::/3, and IPv4-mapped IPv6 judged as the IPv4 address it maps. Anything that is not
 * a plain IP address (a name, `0x7f000001`, an empty string) is not public.
 */
export function isPublicAddress(address: string): boolean {
  if (isIP(address) === 0) return false;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return false;
  }
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    // ::ffff:127.0.0.1 reaches 127.0.0.1: judge what it maps to.
    if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().range() === 'unicast';
    return v6.range() === 'unicast' && v6.match(globalUnicastV6);
  }
  return parsed.range() === 'unicast';
}

/**
 * True for a link-local address (169.254.0.0/16, where cloud metadata services live, and fe80::/10),
 * also as IPv4-mapped IPv6. Refused as a callback target in every mode, sandbox included.
 */
export function isLinkLocalAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'linkLocal';
}

/** A socket lookup that fails for a name resolving to a link-local address (sandbox-mode callbacks). */
export const linkLocalRefusingLookup = ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) { callback(error); return; }
    if (addresses.some((entry) => isLinkLocalAddress(entry.address))) {
      callback(Object.assign(new Error('refused: the host resolves to a link-local address'), { code: 'ELINKLOCAL' })); return;
    }
    if (options.all) { callback(null, addresses); return; }
    callback(null, addresses[0].address, addresses[0].family);
  });
}) as unknown as LookupFunction;

export type PublicAddressResult = { ok: true; address: string; family: 4 | 6 } | { ok: false; reason: string };

/**
 * The address to connect to for `url`, if every address its host stands for is public. A literal is
 * judged as is (WHATWG URL parsing has already turned `0x7f000001` or `2130706433` into 127.0.0.1); a
 * name is resolved with the system resolver and refused if any of its addresses is not public, so a
 * name with one public and one internal address cannot be used to reach the internal one. The caller
 * must connect to the returned address, not resolve the name again (DNS rebinding).
 */
export async function resolvePublicAddress(url: string): Promise<PublicAddressResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, reason: 'the URL is not valid' };
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return { ok: false, reason: `${target.protocol} URLs are not allowed` };
  const host = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
  if (!host) return { ok: false, reason: 'the URL has no host' };

  const literalFamily = isIP(host);
  if (literalFamily !== 0) {
    return isPublicAddress(host)
      ? { ok: true, address: host, family: literalFamily as 4 | 6 }
      : { ok: false, reason: `${host} is not a public address` };
  }

  const name = host.replace(/\.$/, '').toLowerCase();
  // RFC 6761: these always mean this machine, whatever a resolver says.
  if (name === 'localhost' || name.endsWith('.localhost')) return { ok: false, reason: `${host} is not a public host` };

  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch (error) {
    return { ok: false, reason: `${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  if (addresses.length === 0) return { ok: false, reason: `${host} does not resolve` };
  const internal = addresses.find((entry) => !isPublicAddress(entry.address));
  if (internal) return { ok: false, reason: `${host} resolves to ${internal.address}, which is not a public address` };
  const [first] = addresses;
  return { ok: true, address: first.address, family: first.family === 6 ? 6 : 4 };
}
