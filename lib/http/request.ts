import { config } from '../config';

type HeaderSource = { get(name: string): string | null };

/**
 * The client's address, read in this one place: scripts/server.mjs replaces X-Forwarded-For with
 * the one address it resolved (lib/net/addresses.ts), so its first hop is the answer.
 */
export function clientAddressOf(incoming: HeaderSource): string {
  return incoming.get('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';
}

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

/** Reads a small urlencoded/multipart form; anything else or anything large gives null. */
export async function readSmallForm(request: Request, maxBytes = 8 * 1024): Promise<FormData | null> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return null;
  if (Number(request.headers.get('content-length') ?? maxBytes + 1) > maxBytes) return null;
  try {
    return await request.formData();
  } catch {
    return null;
  }
}

export function formString(form: FormData, name: string, maxLength = 256): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.slice(0, maxLength) : '';
}
