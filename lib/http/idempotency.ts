import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { keyedHash } from '../crypto';
import type { Database } from '../db/client';
import { idempotencyKeys } from '../db/schema';
import { AppError } from '../errors';
import { firstRow } from '../rows';

/** Replays are kept for 24 h; a request in flight for longer than this is presumed lost in a crash. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const IN_FLIGHT_TAKEOVER_MS = 2 * 60 * 1000;

/**
 * What identifies a request for its Idempotency-Key: a keyed hash (HMAC under KASA_SECRET_KEY) of the
 * method, the path and the JSON body, with the card number replaced by its keyed fingerprint and the
 * CVV left out. An unkeyed digest of a body holding card data could be guessed back from the payment
 * row, and PCI DSS 3.3.1 allows no CVV in any form after authorization, so a retry that differs only in
 * its CVV replays the first answer.
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return keyedHash('request-fingerprint', `${method} ${path}\n${JSON.stringify(withoutCardData(body))}`);
}

function withoutCardData(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const { pan, ...rest } = body as Record<string, unknown>;
  delete rest.cvv;
  return pan === undefined ? rest : { ...rest, pan: keyedHash('pan-fingerprint', typeof pan === 'string' ? pan : JSON.stringify(pan)) };
}

export type IdempotencyClaim = { kind: 'claimed' } | { kind: 'replay'; status: number; body: unknown };

/**
 * Claims `key` for this request, or returns the stored response of the first request that used it.
 * The claim is an INSERT on the (merchant, key) primary key, so of concurrent requests one wins.
 */
export async function claimIdempotencyKey({
  db,
  merchantId,
  key,
  requestHash,
}: {
  db: Database;
  merchantId: string;
  key: string;
  requestHash: string;
}): Promise<IdempotencyClaim> {
  const claimed = firstRow(await db
    .insert(idempotencyKeys)
    .values({ merchantId, key, requestHash })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key }));
  if (claimed) return { kind: 'claimed' };

  const existing = firstRow(await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.merchantId, merchantId), eq(idempotencyKeys.key, key))));
  if (!existing) return claimIdempotencyKey({ db, merchantId, key, requestHash });
  const age = Date.now() - existing.createdAt.getTime();
  const abandoned = existing.responseStatus === null && age > IN_FLIGHT_TAKEOVER_MS;
  if (age > IDEMPOTENCY_TTL_MS || abandoned) {
    // Expired, or its request died mid-flight: take it over, conditionally, so only one request does.
    const taken = firstRow(await db
      .update(idempotencyKeys)
      .set({ requestHash, responseStatus: null, responseBody: null, createdAt: new Date() })
      .where(
        and(
          eq(idempotencyKeys.merchantId, merchantId),
          eq(idempotencyKeys.key, key),
          or(
            lt(idempotencyKeys.createdAt, new Date(Date.now() - IDEMPOTENCY_TTL_MS)),
            and(isNull(idempotencyKeys.responseStatus), lt(idempotencyKeys.createdAt, new Date(Date.now() - IN_FLIGHT_TAKEOVER_MS))),
          ),
        ),
      )
      .returning({ key: idempotencyKeys.key }));
    if (taken) return { kind: 'claimed' };
    throw requestInProgress();
  }
  if (existing.requestHash !== requestHash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request', [
      { field: 'Idempotency-Key', code: 'IDEMPOTENCY_KEY_REUSED', message: 'Use a new key for a different request' },
    ]);
  }
  if (existing.responseStatus === null) throw requestInProgress();
  return { kind: 'replay', status: existing.responseStatus, body: existing.responseBody };
}

export async function storeIdempotentResponse(
  options: { db: Database; merchantId: string; key: string },
  status: number,
  body: unknown,
): Promise<void> {
  await options.db
    .update(idempotencyKeys)
    .set({ responseStatus: status, responseBody: body })
    .where(and(eq(idempotencyKeys.merchantId, options.merchantId), eq(idempotencyKeys.key, options.key)));
}

/** A rejected request leaves nothing behind, so the key can be used again with a corrected request. */
export async function releaseIdempotencyKey(options: { db: Database; merchantId: string; key: string }): Promise<void> {
  await options.db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.merchantId, options.merchantId), eq(idempotencyKeys.key, options.key)));
}

export async function purgeExpiredIdempotencyKeys(db: Database): Promise<void> {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, sql`now() - interval '24 hours'`));
}

function requestInProgress(): AppError {
  return new AppError('REQUEST_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed', [
    { field: 'Idempotency-Key', code: 'REQUEST_IN_PROGRESS', message: 'Retry once the first request has finished' },
  ]);
}
