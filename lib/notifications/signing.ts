import { createHmac, timingSafeEqual } from 'node:crypto';

/** How old a signature's timestamp may be before verifySignature refuses it (replay window). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

function sign(secret: string, rawBody: string, timestampSeconds: number): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`).digest('hex');
}

/**
 * The X-Kasa-Signature value (reference §7): `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." +
 * raw body)>`, one `v1` per secret so a merchant mid-rotation can verify with either.
 */
export function signatureHeader(secrets: string[], rawBody: string, timestampSeconds: number): string {
  if (secrets.length === 0) throw new Error('signatureHeader needs at least one secret');
  const t = Math.floor(timestampSeconds);
  return [`t=${t}`, ...secrets.map((secret) => `v1=${sign(secret, rawBody, t)}`)].join(',');
}

/**
 * What a merchant's endpoint should do with X-Kasa-Signature: true if any `v1` matches the HMAC of
 * `t` and the raw body under `secret`, compared in constant time, and `t` is within
 * `toleranceSeconds` (default 300) of `now` (unix seconds, default the current time).
 */
export function verifySignature(
  header: string,
  rawBody: string,
  secret: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  let timestamp: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) candidates.push(value.toLowerCase());
  }
  if (timestamp === undefined || candidates.length === 0) return false;
  const now = options.now ?? Date.now() / 1000;
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(sign(secret, rawBody, timestamp), 'hex');
  let match = false;
  // Every candidate is compared, so the time taken does not reveal which one matched.
  for (const candidate of candidates) if (timingSafeEqual(expected, Buffer.from(candidate, 'hex'))) match = true;
  return match;
}
