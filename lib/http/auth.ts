import type { Store } from '../db/client';
import type { Merchant } from '../db/schema';
import { AppError } from '../errors';
import { cachedMerchant, findCredentials, matchSecret, rememberVerified, watchCredentialRevocations } from '../merchants/credentials';
import { limitKeyOf } from '../net/addresses';
import { giveBackToken, rateLimited, takeToken, type RateLimit } from '../limits/rate-limits';

/**
 * Failed API authentications: 20 at once, then one more every 6 s (10 a minute), counted per (address,
 * API key) for a key that exists and per address for unknown keys and missing credentials. An address
 * is an IPv4 address or an IPv6 /64. On PostgreSQL the counts are shared by every instance
 * (rate_limit_buckets).
 */
export const FAILED_API_AUTH_LIMIT: RateLimit = { perSecond: 1 / 6, burst: 20 };

/**
 * Authenticates X-API-KEY/X-API-SECRET from `address`. A secret verified in the last few seconds is
 * let through at once. Otherwise, for a known key, the attempt is counted against (address, key)
 * before the secret is compared (so concurrent guesses cannot overrun the limit) and forgiven when it
 * is right: guessing one merchant's secret slows only that key from that address, and a valid key and
 * secret pass whatever else fails from the same address. Unknown keys count against the address.
 */
export async function authenticateApiRequest({
  store,
  apiKey,
  apiSecret,
  address,
}: {
  store: Store;
  apiKey: string | null;
  apiSecret: string | null;
  address: string;
}): Promise<Merchant> {
  watchCredentialRevocations(store);
  if (apiKey && apiSecret) {
    const cached = cachedMerchant(apiKey, apiSecret);
    if (cached) return cached;
    const found = await findCredentials(store.db, apiKey);
    if (found.rows.length > 0) {
      const key = `auth-key:${limitKeyOf(address)}\n${apiKey}`;
      const decision = await takeToken(store, key, FAILED_API_AUTH_LIMIT);
      if (!decision.allowed) throw tooManyFailures(decision.retryAfterSeconds);
      const match = matchSecret(found.rows, apiSecret);
      if (match) {
        await giveBackToken(store, key, FAILED_API_AUTH_LIMIT);
        rememberVerified(apiKey, apiSecret, match, found.generation);
        return match.merchant;
      }
      throw unauthorized();
    }
  }
  const decision = await takeToken(store, `auth-address:${limitKeyOf(address)}`, FAILED_API_AUTH_LIMIT);
  if (!decision.allowed) throw tooManyFailures(decision.retryAfterSeconds);
  throw unauthorized();
}

function tooManyFailures(retryAfterSeconds: number): AppError {
  return rateLimited('Too many failed authentication attempts', retryAfterSeconds);
}

function unauthorized(): AppError {
  return new AppError('UNAUTHORIZED', 'Missing or invalid API credentials', [
    { field: 'X-API-KEY', code: 'UNAUTHORIZED', message: 'Send a valid X-API-KEY and X-API-SECRET' },
  ]);
}
