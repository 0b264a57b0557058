import { and, asc, count, desc, eq, gt, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { callbackAttempts, callbackDeliveries, checkouts, type CallbackAttempt, type CallbackDelivery } from '../schema';
import { PAGE_SIZE, type DeliveryListQuery } from '../../schemas/dashboard-forms';
import { offsetOf, paged, type Paged } from './paging';
import { firstRow } from '../../rows';

export type DeliveryRow = CallbackDelivery & { orderId: string; attempts: CallbackAttempt[] };

function deliveryStateCondition(state: DeliveryListQuery['state']): SQL | undefined {
  if (!state) return undefined;
  if (state !== 'failing') return eq(callbackDeliveries.state, state);
  // Given up, or retrying after failed attempts (a resent delivered event is not failing).
  return or(
    eq(callbackDeliveries.state, 'FAILED'),
    and(eq(callbackDeliveries.state, 'PENDING'), gt(callbackDeliveries.attemptCount, 0), isNull(callbackDeliveries.deliveredAt)),
  );
}

async function attemptsOf(db: Database, deliveryIds: string[]): Promise<Map<string, CallbackAttempt[]>> {
  const byDelivery = new Map<string, CallbackAttempt[]>(deliveryIds.map((id) => [id, []]));
  if (deliveryIds.length === 0) return byDelivery;
  const rows = await db
    .select()
    .from(callbackAttempts)
    .where(inArray(callbackAttempts.deliveryId, deliveryIds))
    .orderBy(asc(callbackAttempts.attemptedAt), asc(callbackAttempts.id));
  for (const attempt of rows) byDelivery.get(attempt.deliveryId)?.push(attempt);
  return byDelivery;
}

/** The merchant's callback events, newest first, each with every attempt (oldest first). */
export async function listDeliveries({ db, merchantId, query }: { db: Database; merchantId: string; query: DeliveryListQuery }): Promise<Paged<DeliveryRow>> {
  const where = and(eq(callbackDeliveries.merchantId, merchantId), eq(callbackDeliveries.kind, 'CALLBACK'), deliveryStateCondition(query.state));
  const [rows, totals] = await Promise.all([
    db
      .select({ delivery: callbackDeliveries, orderId: checkouts.orderId })
      .from(callbackDeliveries)
      .innerJoin(checkouts, eq(checkouts.id, callbackDeliveries.checkoutId))
      .where(where)
      .orderBy(desc(callbackDeliveries.createdAt), desc(callbackDeliveries.sequence))
      .limit(PAGE_SIZE)
      .offset(offsetOf(query.page)),
    db.select({ count: count() }).from(callbackDeliveries).where(where),
  ]);
  const attempts = await attemptsOf(db, rows.map((row) => row.delivery.id));
  return paged(
    rows.map((row) => ({ ...row.delivery, orderId: row.orderId, attempts: attempts.get(row.delivery.id) ?? [] })),
    firstRow(totals)?.count ?? 0,
    query.page,
  );
}

/** A callback event of the merchant's with its attempts, or null. */
export async function findDelivery({ db, merchantId, deliveryId }: { db: Database; merchantId: string; deliveryId: string }): Promise<DeliveryRow | null> {
  const row = firstRow(
    await db
      .select({ delivery: callbackDeliveries, orderId: checkouts.orderId })
      .from(callbackDeliveries)
      .innerJoin(checkouts, eq(checkouts.id, callbackDeliveries.checkoutId))
      .where(and(eq(callbackDeliveries.id, deliveryId), eq(callbackDeliveries.merchantId, merchantId))),
  );
  if (!row) return null;
  const attempts = await attemptsOf(db, [deliveryId]);
  return { ...row.delivery, orderId: row.orderId, attempts: attempts.get(deliveryId) ?? [] };
}
