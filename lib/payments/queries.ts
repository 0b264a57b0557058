import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { payments, type Merchant, type Payment } from '../db/schema';
import { isUuid, paymentNotFound } from './capture';

/** One of the merchant's payments; another merchant's id is as unknown as a made-up one. */
export async function getPayment({ db, merchant, paymentId }: { db: Database; merchant: Merchant; paymentId: string }): Promise<Payment> {
  if (!isUuid(paymentId)) throw paymentNotFound();
  const [payment] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.id, paymentId), eq(payments.merchantId, merchant.id)));
  if (!payment) throw paymentNotFound();
  return payment;
}
