import { createHmac, timingSafeEqual } from 'node:crypto';
import { KasaSignatureError } from './errors.js';

export interface VerifyOptions {
  /** How old a signature may be; default 300 s. Keeps a captured request from being replayed later. */
  toleranceSeconds?: number;
  /** The current time in Unix seconds (tests). */
  now?: number;
}

/**
 * Checks the `X-Kasa-Signature` header (`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`,
 * several `v1` while Kasa rotates the secret) of a checkout callback or an event, in constant time, and
 * returns the payload: the callback's form fields, or the event's JSON. Pass the raw body exactly as
 * received (before any parsing), and one secret or several (while you rotate yours).
 * Throws KasaSignatureError when the signature is missing, malformed, too old or wrong.
 */
export function verify(rawBody: string | Buffer, signatureHeader: string | null | undefined, secret: string | readonly string[], options: VerifyOptions = {}): unknown {
  if (!signatureHeader) throw new KasaSignatureError('the header is missing');
  const fields = signatureHeader.split(',').map((part) => {
    const at = part.indexOf('=');
    return at < 0 ? ['', ''] : [part.slice(0, at).trim(), part.slice(at + 1).trim()];
  });
  const timestamps = fields.filter(([key]) => key === 't');
  const timestamp = Number(timestamps[0]?.[1]);
  if (timestamps.length !== 1 || !/^\d+$/.test(timestamps[0][1])) throw new KasaSignatureError('it has no single t=');
  const tolerance = options.toleranceSeconds ?? 300;
  const now = options.now ?? Date.now() / 1000;
  if (Math.abs(now - timestamp) > tolerance) throw new KasaSignatureError(`t is more than ${tolerance} s away from now`);
  const candidates = fields.filter(([key, value]) => key === 'v1' && /^[0-9a-f]{64}$/.test(value)).map(([, value]) => Buffer.from(value, 'hex'));
  if (candidates.length === 0) throw new KasaSignatureError('it has no v1=');
  const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
  const secrets = typeof secret === 'string' ? [secret] : secret;
  const matches = secrets.some((key) => {
    const expected = createHmac('sha256', key).update(`${timestamps[0][1]}.${body}`).digest();
    // Every candidate is compared, so the time taken does not say which one matched.
    return candidates.map((candidate) => timingSafeEqual(candidate, expected)).includes(true);
  });
  if (!matches) throw new KasaSignatureError('no v1 matches the secret');
  const trimmed = body.trimStart();
  return trimmed.startsWith('{') ? JSON.parse(trimmed) : Object.fromEntries(new URLSearchParams(body));
}
