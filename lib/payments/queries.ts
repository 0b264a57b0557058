import { and, eq, sql } from 'drizzle-orm';
import { isUuid } from '../crypto';
import type { Database } from '../db/client';
import { payments, type Merchant, type Payment } from '../db/schema';
import { AppError } from '../errors';
import { firstRow } from '../rows';
import { preparedQuery } from '../db/prepared';

export function paymentNotFound(): AppError {
  return new AppError('NOT_FOUND', 'Payment not found', [{ field: 'paymentId', code: 'NOT_FOUND', message: 'No such payment' }]);
}

export function invalidState(message: string): AppError {
  return new AppError('INVALID_STATE', message, [{ field: 'paymentId', code: 'INVALID_STATE', message }]);
}

const merchantsPayment = preparedQuery((db) =>
  db
    .select()
    .from(payments)
    .where(and(eq(payments.id, sql.placeholder('paymentId')), eq(payments.merchantId, sql.placeholder('merchantId'))))
    .prepare('merchants_payment'));

/** One of the merchant's payments; another merchant's id is as unknown as a made-up one. */
export async function getPayment({ db, merchant, paymentId }: { db: Database; merchant: Pick<Merchant, 'id'>; paymentId: string }): Promise<Payment> {
  if (!isUuid(paymentId)) throw paymentNotFound();
  const payment = firstRow(await merchantsPayment(db).execute({ paymentId, merchantId: merchant.id }));
  if (!payment) throw paymentNotFound();
  return payment;
}

/**
 * The merchant's payment, locked for the rest of the caller's transaction: captures, cancels and
 * refunds of one payment queue here, on one instance or several, and each sees the last one's outcome.
 */
export async function lockPayment(tx: Database, merchant: Pick<Merchant, 'id'>, paymentId: string): Promise<Payment> {
  if (!isUuid(paymentId)) throw paymentNotFound();
  const payment = firstRow(await tx
    .select()
    .from(payments)
    .where(and(eq(payments.id, paymentId), eq(payments.merchantId, merchant.id)))
    .for('update'));
  if (!payment) throw paymentNotFound();
  return payment;
}
