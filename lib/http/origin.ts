import { config } from '../config';

type HeaderSource = { get(name: string): string | null };

/**
 * Whether a state-changing request comes from this site: its Origin must name the host the request
 * was sent to (Host, or X-Forwarded-Host behind a proxy) or PUBLIC_BASE_URL's. A missing or opaque
 * (`null`) Origin is refused too: every browser sends one with a POST.
 */
export function isSameOriginRequest(incoming: HeaderSource, publicBaseUrl: string = config.publicBaseUrl): boolean {
  const origin = incoming.get('origin');
  if (!origin || origin === 'null') return false;
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return false;
  }
  if (originUrl.protocol !== 'http:' && originUrl.protocol !== 'https:') return false;
  const hosts = new Set<string>([new URL(publicBaseUrl).host]);
  const host = incoming.get('host');
  if (host) hosts.add(host.toLowerCase());
  const forwardedHost = incoming.get('x-forwarded-host')?.split(',')[0]?.trim();
  if (forwardedHost) hosts.add(forwardedHost.toLowerCase());
  return hosts.has(originUrl.host);
}
