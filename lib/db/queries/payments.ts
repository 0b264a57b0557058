import { and, asc, count, desc, eq, gt, gte, isNull, like, lt, or, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { checkouts, payments, refunds, threeDsSessions, type Payment } from '../schema';
import { PAGE_SIZE, type PaymentListQuery, type RefundStatusFilter } from '../../schemas/dashboard-forms';
import { likePrefix, offsetOf, paged, type Paged } from './paging';
import { allOf } from '../where';
import { firstRow } from '../../rows';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A refund state as the API's `refundStatus` derives it (response.ts); REFUNDED is partially or fully. */
function refundStatusCondition(filter: RefundStatusFilter): SQL {
  const refunded = gt(payments.refundedAmount, 0);
  switch (filter) {
    case 'REFUNDED':
      return refunded;
    case 'NOT_REFUNDED':
      return eq(payments.refundedAmount, 0);
    case 'FULLY_REFUNDED':
      return allOf(refunded, gte(payments.refundedAmount, payments.capturedAmount));
    case 'PARTIALLY_REFUNDED':
      return allOf(refunded, or(isNull(payments.capturedAmount), lt(payments.refundedAmount, payments.capturedAmount)));
  }
}

export function paymentFilters(merchantId: string, query: Omit<PaymentListQuery, 'page'>): SQL {
  const conditions: [SQL, ...(SQL | undefined)[]] = [eq(payments.merchantId, merchantId)];
  if (query.status) conditions.push(eq(payments.status, query.status === 'PENDING' ? 'PROCESSING' : query.status));
  if (query.refundStatus) conditions.push(refundStatusCondition(query.refundStatus));
  if (query.from) conditions.push(gte(payments.createdAt, new Date(`${query.from}T00:00:00Z`)));
  if (query.to) conditions.push(lt(payments.createdAt, new Date(new Date(`${query.to}T00:00:00Z`).getTime() + DAY_MS)));
  if (query.orderId) conditions.push(like(payments.orderId, likePrefix(query.orderId)));
  if (query.last4) conditions.push(eq(payments.panLast4, query.last4));
  return allOf(...conditions);
}

/** The merchant's payments, newest first, 25 a page; orderId matches as a prefix. */
export async function listPayments({ db, merchantId, query }: { db: Database; merchantId: string; query: PaymentListQuery }): Promise<Paged<Payment>> {
  const where = paymentFilters(merchantId, query);
  const [rows, totals] = await Promise.all([
    db.select().from(payments).where(where).orderBy(desc(payments.createdAt), desc(payments.id)).limit(PAGE_SIZE).offset(offsetOf(query.page)),
    db.select({ count: count() }).from(payments).where(where),
  ]);
  return paged(rows, firstRow(totals)?.count ?? 0, query.page);
}

/** A payment of the merchant's with its 3-D Secure session, its checkout and its refunds (oldest first), or null. */
export async function findPaymentWithRefunds({ db, merchantId, paymentId }: { db: Database; merchantId: string; paymentId: string }) {
  const row = firstRow(
    await db
    .select({
      payment: payments,
      threeDs: {
        outcome: threeDsSessions.outcome,
        createdAt: threeDsSessions.createdAt,
        completedAt: threeDsSessions.completedAt,
        expiresAt: threeDsSessions.expiresAt,
      },
      checkout: { id: checkouts.id, orderId: checkouts.orderId },
    })
    .from(payments)
    .leftJoin(threeDsSessions, and(eq(threeDsSessions.paymentId, payments.id), eq(threeDsSessions.merchantId, merchantId)))
    .leftJoin(checkouts, and(eq(checkouts.id, payments.checkoutId), eq(checkouts.merchantId, merchantId)))
    .where(and(eq(payments.id, paymentId), eq(payments.merchantId, merchantId))),
  );
  if (!row) return null;
  const refundRows = await db
    .select({ amount: refunds.amount, currency: refunds.currency, status: refunds.status, createdAt: refunds.createdAt, resultMessage: refunds.resultMessage })
    .from(refunds)
    .where(and(eq(refunds.paymentId, paymentId), eq(refunds.merchantId, merchantId)))
    .orderBy(asc(refunds.createdAt), asc(refunds.id));
  return { ...row, refunds: refundRows };
}
