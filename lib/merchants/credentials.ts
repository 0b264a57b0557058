import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { config } from '../config';
import { digestsEqual, keyedHash, newId, randomToken, seal } from '../crypto';
import type { Database, Store } from '../db/client';
import { preparedQuery } from '../db/prepared';
import { apiCredentials, merchants, type Merchant } from '../db/schema';
import { logger } from '../log';
import { processSingleton } from '../process-singleton';
import { hashPassword } from './password';
import { createDashboardUser } from './users';

export interface NewMerchantCredentials {
  merchantId: string;
  apiKey: string;
  /** Shown once: only its keyed hash is stored. */
  apiSecret: string;
  callbackSecret: string;
  /** The dashboard login's email (lower-cased), when one was created with the merchant. */
  email?: string;
}

/** `dashboardUser` also creates a dashboard login (password ≥ 12 characters: validate before). */
export async function createMerchant({
  db,
  name,
  dashboardUser,
  rateLimit,
  authorizationDays,
}: {
  db: Database;
  name: string;
  dashboardUser?: { email: string; password: string };
  /** API requests per second and burst; the schema's defaults (100, 200) when absent. */
  rateLimit?: { perSecond: number; burst: number };
  /** Days an uncaptured pre-authorization holds (1–30: validate before); the schema's default (7) when absent. */
  authorizationDays?: number;
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
      ...(authorizationDays !== undefined ? { authorizationDays } : {}),
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

const credentialsByKey = preparedQuery((db) =>
  db
    .select({ merchant: merchants, secretHash: apiCredentials.secretHash, expiresAt: apiCredentials.expiresAt })
    .from(apiCredentials)
    .innerJoin(merchants, eq(merchants.id, apiCredentials.merchantId))
    .where(
      and(
        eq(apiCredentials.apiKey, sql.placeholder('apiKey')),
        or(isNull(apiCredentials.expiresAt), gt(apiCredentials.expiresAt, sql`now()`)),
      ),
    )
    .prepare('credentials_by_key'));

/** The channel rotateApiSecret notifies (payload: the merchant id) when a secret stops working. */
export const CREDENTIALS_CHANNEL = 'kasa_credentials';

/**
 * Verified credentials are remembered for a few seconds, sparing the payment path a query per
 * request (see README, Performance). A revoked secret is dropped from every instance's cache at once:
 * in this process by rotateApiSecret, on other instances by the NOTIFY it sends in its transaction
 * (see watchCredentialRevocations). An entry never outlives its secret's expiry.
 */
const VERIFIED_TTL_MS = 5_000;
const MAX_VERIFIED = 10_000;

interface VerifiedState {
  cache: LRUCache<string, { merchant: Merchant; until: number }>;
  /** Bumped on every invalidation: a lookup that started before one must not fill the cache. */
  generation: number;
  /**
   * Whether the cache may be used: always on the embedded store (one process); on PostgreSQL only
   * while this instance is listening on CREDENTIALS_CHANNEL, since a missed notification would leave
   * a revoked secret cached.
   */
  trusted: boolean;
}

const verified = () =>
  processSingleton<VerifiedState>('verified-credentials', () => ({
    cache: new LRUCache({ max: MAX_VERIFIED }),
    generation: 0,
    trusted: true,
  }));

const cacheKeyOf = (apiKey: string, apiSecret: string) => `${apiKey}\n${keyedHash('api-secret', apiSecret)}`;

/**
 * Empties this process's verified-credentials cache (all of it, or one merchant's entries), so a
 * secret just rotated out (overlap 0) stops working here at once.
 */
export function forgetVerifiedCredentials(merchantId?: string): void {
  const state = verified();
  state.generation++;
  if (merchantId === undefined) state.cache.clear();
  else for (const [key, entry] of state.cache.entries()) if (entry.merchant.id === merchantId) state.cache.delete(key);
}

/** The merchant of credentials verified a moment ago, if the cache may be trusted and holds them. */
export function cachedMerchant(apiKey: string, apiSecret: string): Merchant | null {
  const state = verified();
  if (!state.trusted || apiKey.length > 128) return null;
  const cached = state.cache.get(cacheKeyOf(apiKey, apiSecret));
  return cached && cached.until > Date.now() ? cached.merchant : null;
}

type CredentialRow = { merchant: Merchant; secretHash: string; expiresAt: Date | null };

/** The live secrets of an API key (two during a rotation's overlap; none for an unknown key). */
export async function findCredentials(db: Database, apiKey: string): Promise<{ rows: CredentialRow[]; generation: number }> {
  const generation = verified().generation;
  if (apiKey.length > 128) return { rows: [], generation };
  return { rows: await credentialsByKey(db).execute({ apiKey }), generation };
}

/** The row whose secret this is, compared as a keyed hash in constant time against every row. */
export function matchSecret(rows: readonly CredentialRow[], apiSecret: string): CredentialRow | null {
  const presentedHash = keyedHash('api-secret', apiSecret);
  let match: CredentialRow | null = null;
  for (const row of rows) if (digestsEqual(row.secretHash, presentedHash)) match = row;
  return match;
}

/**
 * Caches verified credentials, unless the cache is not trusted or was invalidated since the lookup
 * (`generation`) began: that lookup may have read a secret revoked meanwhile.
 */
export function rememberVerified(apiKey: string, apiSecret: string, row: CredentialRow, generation: number): void {
  const state = verified();
  if (!state.trusted || state.generation !== generation) return;
  const until = Math.min(Date.now() + VERIFIED_TTL_MS, row.expiresAt?.getTime() ?? Infinity);
  state.cache.set(cacheKeyOf(apiKey, apiSecret), { merchant: row.merchant, until });
}

/**
 * The merchant these credentials belong to, or null (no rate limiting: the API goes through
 * lib/http/auth.ts).
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
  const cached = cachedMerchant(apiKey, apiSecret);
  if (cached) return cached;
  const found = await findCredentials(db, apiKey);
  const match = matchSecret(found.rows, apiSecret);
  if (match) rememberVerified(apiKey, apiSecret, match, found.generation);
  return match?.merchant ?? null;
}

/**
 * On PostgreSQL, listens on CREDENTIALS_CHANNEL with a client of its own: each notification drops the
 * merchant's cached credentials. The cache is used only while the LISTEN holds; when the connection
 * drops, the whole cache is dropped and bypassed until it is listening again (retried every second).
 * Idempotent; nothing to do on the embedded store.
 */
export function watchCredentialRevocations(store: Store): void {
  if (store.kind !== 'postgres' || !config.databaseUrl) return;
  const url = config.databaseUrl;
  processSingleton('credential-listener', () => {
    const state = verified();
    state.trusted = false;
    const unlisten = () => {
      state.trusted = false;
      forgetVerifiedCredentials();
    };
    const connect = async (): Promise<void> => {
      const { Client } = await import('pg');
      const client = new Client({ connectionString: url });
      let lost = false;
      const onLost = (error?: Error) => {
        if (lost) return;
        lost = true;
        unlisten();
        if (error) logger.warn({ err: error.message }, 'credential revocation listener lost; retrying');
        client.end().catch(() => undefined);
        setTimeout(() => void connect(), 1_000).unref();
      };
      client.on('notification', (message) => {
        if (message.channel === CREDENTIALS_CHANNEL) forgetVerifiedCredentials(message.payload || undefined);
      });
      client.on('error', onLost);
      client.on('end', () => { onLost(); });
      try {
        await client.connect();
        await client.query(`listen ${CREDENTIALS_CHANNEL}`);
      } catch (error) {
        onLost(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the client's 'error'/'end' handlers set `lost` while connect() and listen are awaited
      if (lost) return;
      forgetVerifiedCredentials();
      state.trusted = true;
    };
    void connect();
    return true;
  });
}
