import { sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { Database, Store } from '../db/client';
import type { Merchant } from '../db/schema';
import { AppError } from '../errors';
import { processSingleton } from '../process-singleton';
import { TokenBucket } from './token-bucket';

export interface RateLimit {
  perSecond: number;
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Takes one token from the bucket `key`. On the embedded store one process serves every request,
 * so the bucket lives in memory. On PostgreSQL, instances share one bucket per key in
 * `rate_limit_buckets`, and each instance leases up to `leaseSize` tokens at a time: one row write
 * per lease rather than per request, at the price of the instances together overshooting by at most
 * one lease each.
 */
export async function takeToken(store: Store, key: string, limit: RateLimit, leaseSize = 1): Promise<RateDecision> {
  return store.kind === 'postgres' ? takeLeasedToken(store.db, key, limit, leaseSize) : takeLocalToken(key, limit);
}

/** The per-merchant API rate limit (default 100 requests/s with a burst of 200, per merchant). */
export async function enforceMerchantRateLimit(store: Store, merchant: Merchant): Promise<void> {
  const limit = { perSecond: merchant.rateLimitPerSecond, burst: merchant.rateLimitBurst };
  // A tenth of a second's tokens per lease.
  const decision = await takeToken(store, `merchant:${merchant.id}`, limit, Math.max(1, Math.ceil(limit.perSecond / 10)));
  if (!decision.allowed) {
    throw rateLimited(`Too many requests: this merchant may send ${limit.perSecond} per second`, decision.retryAfterSeconds);
  }
}

export function rateLimited(message: string, retryAfterSeconds: number): AppError {
  return new AppError('RATE_LIMITED', message, [], { 'Retry-After': String(retryAfterSeconds) });
}

/**
 * Keys held in memory per process (buckets on the embedded store, leases on PostgreSQL). Beyond it the
 * least recently used key is forgotten: a flood of new keys cannot reset a bucket that is in use.
 */
export const MAX_LIMIT_KEYS = 100_000;

const localBuckets = () => processSingleton('rate-buckets', () => new LRUCache<string, TokenBucket>({ max: MAX_LIMIT_KEYS }));

function takeLocalToken(key: string, limit: RateLimit): RateDecision {
  const buckets = localBuckets();
  let bucket = buckets.get(key);
  if (!bucket || bucket.ratePerSecond !== limit.perSecond || bucket.burst !== limit.burst) {
    buckets.set(key, (bucket = new TokenBucket(limit.perSecond, limit.burst)));
  }
  return bucket.take();
}

/**
 * Returns a token taken with takeToken (leaseSize 1): an attempt counted before it was checked that
 * turned out to be legitimate (a right API secret, a right password) is not held against the key.
 */
export async function giveBackToken(store: Store, key: string, limit: RateLimit): Promise<void> {
  if (store.kind === 'postgres') {
    await store.db.execute(sql`update rate_limit_buckets set tokens = least(${limit.burst}, tokens + 1) where key = ${key}`);
    return;
  }
  localBuckets().get(key)?.giveBack();
}

/** Tokens this instance holds for a key, valid for a short while. */
interface Lease {
  tokens: number;
  expiresAt: number;
  /** While the shared bucket is empty, no one asks it again before this. */
  emptyUntil: number;
  /** The lease being fetched: concurrent requests wait for it instead of each taking one. */
  refill?: Promise<void>;
}

const LEASE_MS = 1_000;

async function takeLeasedToken(db: Database, key: string, limit: RateLimit, leaseSize: number): Promise<RateDecision> {
  const leases = processSingleton('rate-leases', () => new LRUCache<string, Lease>({ max: MAX_LIMIT_KEYS }));
  for (;;) {
    const now = Date.now();
    const lease = leases.get(key);
    if (lease && lease.tokens > 0 && lease.expiresAt > now) {
      lease.tokens -= 1;
      return { allowed: true };
    }
    if (lease?.refill) {
      await lease.refill;
      continue;
    }
    if (lease && lease.emptyUntil > now) return { allowed: false, retryAfterSeconds: Math.ceil((lease.emptyUntil - now) / 1000) };

    const refill = leaseTokens(db, key, limit.perSecond, limit.burst, leaseSize).then(
      (granted) => {
        const at = Date.now();
        leases.set(key, { tokens: granted.tokens, expiresAt: at + LEASE_MS, emptyUntil: granted.tokens > 0 ? 0 : at + granted.retryAfterMs });
      },
      (error: unknown) => {
        leases.delete(key);
        throw error;
      },
    );
    leases.set(key, { tokens: 0, expiresAt: 0, emptyUntil: 0, refill });
    await refill;
    const granted = leases.get(key);
    if (granted && granted.tokens > 0) {
      granted.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(((granted?.emptyUntil ?? now) - Date.now()) / 1000)) };
  }
}

/**
 * Takes up to `want` whole tokens from a shared bucket, refilled by the database clock so that
 * instances' clocks do not matter. The row lock makes concurrent leases take turns.
 */
export async function leaseTokens(
  db: Database,
  key: string,
  ratePerSecond: number,
  burst: number,
  want: number,
): Promise<{ tokens: number; retryAfterMs: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`insert into rate_limit_buckets (key, tokens, updated_at) values (${key}, ${burst}, now()) on conflict (key) do nothing`);
    const result = await tx.execute(
      sql`select tokens, extract(epoch from (now() - updated_at)) as elapsed from rate_limit_buckets where key = ${key} for update`,
    );
    const row = (result as { rows: { tokens: number | string; elapsed: number | string }[] }).rows[0];
    const available = Math.min(burst, Number(row.tokens) + Math.max(0, Number(row.elapsed)) * ratePerSecond);
    const tokens = Math.min(want, Math.floor(available));
    await tx.execute(sql`update rate_limit_buckets set tokens = ${available - tokens}, updated_at = now() where key = ${key}`);
    return { tokens, retryAfterMs: tokens > 0 ? 0 : Math.ceil(((1 - available) / ratePerSecond) * 1000) };
  });
}
