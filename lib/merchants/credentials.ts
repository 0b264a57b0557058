import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { digestsEqual, keyedHash, randomToken, seal } from '../crypto';
import { createDashboardUser } from '../dashboard/auth';
import { hashPassword } from '../dashboard/password';
import type { Database } from '../db/client';
import { apiCredentials, merchants, type Merchant } from '../db/schema';
import { processSingleton } from '../process-singleton';

export interface NewMerchantCredentials {
  merchantId: string;
  apiKey: string;
  /** Shown once: only its keyed hash is stored. */
  apiSecret: string;
  callbackSecret: string;
  /** The dashboard login's email (lower-cased), when one was created with the merchant. */
  email?: string;
}

/** Prefixed ids for Kasa's own objects; 16 random bytes keep them unguessable. */
export const newId = (prefix: string) => `${prefix}_${randomToken(16)}`;

/** `dashboardUser` also creates a dashboard login (password ≥ 12 characters: validate before). */
export async function createMerchant({
  db,
  name,
  dashboardUser,
  rateLimit,
}: {
  db: Database;
  name: string;
  dashboardUser?: { email: string; password: string };
  /** API requests per second and burst; the schema's defaults (100, 200) when absent. */
  rateLimit?: { perSecond: number; burst: number };
}): Promise<NewMerchantCredentials> {
  const merchantId = newId('mch');
  const apiKey = `pk_${randomToken(18)}`;
  const apiSecret = `sk_${randomToken(32)}`;
  const callbackSecret = `whsec_${randomToken(32)}`;
  const passwordHash = dashboardUser ? await hashPassword(dashboardUser.password) : undefined;
  let email: string | undefined;
  await db.transaction(async (tx) => {
    await tx.insert(merchants).values({
      id: merchantId,
      name,
      callbackSecretSealed: seal('callback-secret', callbackSecret, merchantId),
      ...(rateLimit ? { rateLimitPerSecond: rateLimit.perSecond, rateLimitBurst: rateLimit.burst } : {}),
    });
    await tx.insert(apiCredentials).values({
      id: newId('cred'),
      merchantId,
      apiKey,
      secretHash: keyedHash('api-secret', apiSecret),
      secretLast4: apiSecret.slice(-4),
    });
    if (dashboardUser && passwordHash) {
      email = (await createDashboardUser({ db: tx, merchantId, email: dashboardUser.email, passwordHash })).email;
    }
  });
  return { merchantId, apiKey, apiSecret, callbackSecret, ...(email ? { email } : {}) };
}

const credentialsByKey = (db: Database) =>
  db
    .select({ merchant: merchants, secretHash: apiCredentials.secretHash })
    .from(apiCredentials)
    .innerJoin(merchants, eq(merchants.id, apiCredentials.merchantId))
    .where(
      and(
        eq(apiCredentials.apiKey, sql.placeholder('apiKey')),
        or(isNull(apiCredentials.expiresAt), gt(apiCredentials.expiresAt, sql`now()`)),
      ),
    )
    .prepare('credentials_by_key');

const preparedLookups = new WeakMap<Database, ReturnType<typeof credentialsByKey>>();

/**
 * Verified credentials are remembered for a few seconds, sparing the payment path a query per
 * request (see README, Performance). The cost: a revoked or expired secret keeps working on an
 * instance for at most this long.
 */
const VERIFIED_TTL_MS = 5_000;
const MAX_VERIFIED = 10_000;
const verifiedCredentials = () => processSingleton('verified-credentials', () => new Map<string, { merchant: Merchant; until: number }>());

/**
 * Empties this process's verified-credentials cache, so a secret just rotated out (overlap 0) stops
 * working here at once. Other server instances still honour it for at most VERIFIED_TTL_MS.
 */
export function forgetVerifiedCredentials(): void {
  verifiedCredentials().clear();
}

/**
 * The merchant these credentials belong to, or null. The secret is compared as a keyed hash in
 * constant time against every live secret of the key (two during a rotation's overlap).
 */
export async function authenticateMerchant({
  db,
  apiKey,
  apiSecret,
}: {
  db: Database;
  apiKey: string;
  apiSecret: string;
}): Promise<Merchant | null> {
  const presentedHash = keyedHash('api-secret', apiSecret);
  if (apiKey.length > 128) return null;
  const cacheKey = `${apiKey}\n${presentedHash}`;
  const cached = verifiedCredentials().get(cacheKey);
  if (cached && cached.until > Date.now()) return cached.merchant;
  let lookup = preparedLookups.get(db);
  if (!lookup) preparedLookups.set(db, (lookup = credentialsByKey(db)));
  const rows = await lookup.execute({ apiKey });
  let match: Merchant | null = null;
  for (const row of rows) if (digestsEqual(row.secretHash, presentedHash)) match = row.merchant;
  if (match) {
    const cache = verifiedCredentials();
    if (cache.size >= MAX_VERIFIED) cache.clear();
    cache.set(cacheKey, { merchant: match, until: Date.now() + VERIFIED_TTL_MS });
  }
  return match;
}
