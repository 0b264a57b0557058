import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { keyedHash, randomToken, seal } from '../crypto';
import type { Database } from '../db/client';
import { apiCredentials, merchants } from '../db/schema';
import { AppError, present } from '../errors';
import { MAX_OVERLAP_HOURS } from '../schemas/dashboard-forms';
import { newId } from '../crypto';
import { CREDENTIALS_CHANNEL, forgetVerifiedCredentials } from './credentials';
import { firstRow } from '../rows';

export interface RotatedApiSecret {
  apiKey: string;
  /** Shown once: only its keyed hash is stored. */
  apiSecret: string;
  secretLast4: string;
  /** When the previous secret(s) stop working; now for an overlap of 0. */
  previousExpiresAt: Date;
}

export interface RotatedCallbackSecret {
  /** Shown once (it is stored sealed, to sign with, but the dashboard never shows it again). */
  callbackSecret: string;
  /** Until when callbacks also carry a v1 for the previous secret; null for an overlap of 0. */
  previousExpiresAt: Date | null;
}

function checkOverlap(overlapHours: number): void {
  if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > MAX_OVERLAP_HOURS) {
    throw AppError.field('overlapHours', 'INVALID_OVERLAP', `Overlap must be a whole number of hours, 0–${MAX_OVERLAP_HOURS}`);
  }
}

const overlapEnd = (overlapHours: number) => sql`now() + ${overlapHours}::integer * interval '1 hour'`;

/**
 * Replaces the merchant's API secret: a new `sk_` secret under the same API key, while every secret
 * still live keeps working for `overlapHours` (0: expires now). A shorter overlap never extends an
 * earlier rotation's expiry. The merchant's verified credentials are dropped from the cache of this
 * process and, through a NOTIFY on commit, of every other instance: an overlap of 0 takes effect
 * everywhere at once.
 */
export async function rotateApiSecret({
  db,
  merchantId,
  overlapHours,
}: {
  db: Database;
  merchantId: string;
  overlapHours: number;
}): Promise<RotatedApiSecret> {
  checkOverlap(overlapHours);
  const apiSecret = `sk_${randomToken(32)}`;
  const rotated = await db.transaction(async (tx) => {
    // Locks the merchant's row: two rotations at once run one after the other.
    const merchant = firstRow(await tx.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, merchantId)).for('update'));
    if (!merchant) throw new AppError('NOT_FOUND', 'Merchant not found');
    const current = firstRow(await tx
      .select({ apiKey: apiCredentials.apiKey })
      .from(apiCredentials)
      .where(eq(apiCredentials.merchantId, merchantId))
      .orderBy(sql`${apiCredentials.createdAt} desc`)
      .limit(1));
    if (!current) throw new AppError('NOT_FOUND', 'This merchant has no API credentials');
    const expired = await tx
      .update(apiCredentials)
      .set({ expiresAt: sql`least(coalesce(${apiCredentials.expiresAt}, 'infinity'::timestamptz), ${overlapEnd(overlapHours)})` })
      .where(and(eq(apiCredentials.merchantId, merchantId), or(isNull(apiCredentials.expiresAt), gt(apiCredentials.expiresAt, sql`now()`))))
      .returning({ expiresAt: apiCredentials.expiresAt });
    await tx.insert(apiCredentials).values({
      id: newId('cred'),
      merchantId,
      apiKey: current.apiKey,
      secretHash: keyedHash('api-secret', apiSecret),
      secretLast4: apiSecret.slice(-4),
    });
    // Delivered at commit to every instance listening (watchCredentialRevocations), which drops the
    // merchant's cached credentials: an ended secret stops working everywhere at once.
    await tx.execute(sql`select pg_notify(${CREDENTIALS_CHANNEL}, ${merchantId})`);
    // The update above set every one of them (least(coalesce(expiresAt, infinity), overlap end)).
    const ends = expired.map((row) => present(row.expiresAt, "an ended credential's expiresAt").getTime());
    return { apiKey: current.apiKey, previousExpiresAt: new Date(ends.length > 0 ? Math.max(...ends) : Date.now()) };
  });
  forgetVerifiedCredentials(merchantId);
  return { ...rotated, apiSecret, secretLast4: apiSecret.slice(-4) };
}

/**
 * Replaces the merchant's callback signing secret. For `overlapHours` callbacks carry a `v1` for the
 * previous secret too, so the merchant can deploy the new one without rejecting a callback; 0 drops
 * it at once. There is one previous slot: rotating again during an overlap ends the older secret's.
 */
export async function rotateCallbackSecret({
  db,
  merchantId,
  overlapHours,
}: {
  db: Database;
  merchantId: string;
  overlapHours: number;
}): Promise<RotatedCallbackSecret> {
  checkOverlap(overlapHours);
  const callbackSecret = `whsec_${randomToken(32)}`;
  const keep = overlapHours > 0;
  const updated = firstRow(await db
    .update(merchants)
    .set({
      callbackSecretSealed: seal('callback-secret', callbackSecret, merchantId),
      // The right-hand side reads the row as it was: the outgoing secret moves to the previous slot.
      previousCallbackSecretSealed: keep ? sql`${merchants.callbackSecretSealed}` : null,
      previousCallbackSecretExpiresAt: keep ? overlapEnd(overlapHours) : null,
    })
    .where(eq(merchants.id, merchantId))
    .returning({ previousExpiresAt: merchants.previousCallbackSecretExpiresAt }));
  if (!updated) throw new AppError('NOT_FOUND', 'Merchant not found');
  return { callbackSecret, previousExpiresAt: updated.previousExpiresAt };
}
