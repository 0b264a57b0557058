import { and, asc, count, desc, eq, like, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { callbackDeliveries, checkouts, payments, type Checkout } from '../schema';
import { PAGE_SIZE, type CheckoutListQuery } from '../../schemas/dashboard-forms';
import { likePrefix, offsetOf, paged, type Paged } from './paging';
import { firstRow } from '../../rows';

export type CheckoutListStatus = 'PENDING' | 'PAID' | 'FAILED' | 'EXPIRED' | 'CLOSED';

/** The list's status: an open link is "failed" once an attempt failed, "expired" once past its expiry. */
export const checkoutListStatus = sql<CheckoutListStatus>`case
  when ${checkouts.status} = 'OPEN' and ${checkouts.expiresAt} <= now() then 'EXPIRED'
  when ${checkouts.status} = 'OPEN' and ${checkouts.failedAttempts} > 0 then 'FAILED'
  when ${checkouts.status} = 'OPEN' then 'PENDING'
  else ${checkouts.status} end`;

export type ListedCheckout = Checkout & { listStatus: CheckoutListStatus };

/** The merchant's checkout links, newest first; orderId matches as a prefix. */
export async function listCheckoutRows({ db, merchantId, query }: { db: Database; merchantId: string; query: CheckoutListQuery }): Promise<Paged<ListedCheckout>> {
  const where = and(
    eq(checkouts.merchantId, merchantId),
    query.status ? eq(checkoutListStatus, query.status) : undefined,
    query.orderId ? like(checkouts.orderId, likePrefix(query.orderId)) : undefined,
  );
  const [rows, totals] = await Promise.all([
    db
      .select({ checkout: checkouts, listStatus: checkoutListStatus })
      .from(checkouts)
      .where(where)
      .orderBy(desc(checkouts.createdAt), desc(checkouts.id))
      .limit(PAGE_SIZE)
      .offset(offsetOf(query.page)),
    db.select({ count: count() }).from(checkouts).where(where),
  ]);
  return paged(
    rows.map((row) => ({ ...row.checkout, listStatus: row.listStatus })),
    firstRow(totals)?.count ?? 0,
    query.page,
  );
}

/** A checkout link of the merchant's with its payment attempts (newest first) and callbacks (in order), or null. */
export async function findCheckoutWithActivity({ db, merchantId, checkoutId }: { db: Database; merchantId: string; checkoutId: string }) {
  const row = firstRow(
    await db
      .select({ checkout: checkouts, listStatus: checkoutListStatus })
      .from(checkouts)
      .where(and(eq(checkouts.id, checkoutId), eq(checkouts.merchantId, merchantId))),
  );
  if (!row) return null;
  const [attempts, deliveries] = await Promise.all([
    db
      .select()
      .from(payments)
      .where(and(eq(payments.checkoutId, checkoutId), eq(payments.merchantId, merchantId)))
      .orderBy(desc(payments.createdAt)),
    db
      .select()
      .from(callbackDeliveries)
      .where(and(eq(callbackDeliveries.checkoutId, checkoutId), eq(callbackDeliveries.merchantId, merchantId)))
      .orderBy(asc(callbackDeliveries.sequence)),
  ]);
  return { checkout: { ...row.checkout, listStatus: row.listStatus }, attempts, deliveries };
}
