import { and, eq, inArray, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client';
import { payments } from '../db/schema';
import { firstRow } from '../rows';

/** Payment states that hold an orderId: a second such payment for the order is a DUPLICATE_ORDER. */
export const ORDER_HOLDING_STATUSES = ['PROCESSING', 'SUCCESS', 'ENROLLED'] as const;

/** Whether a payment (optionally narrowed by `scope`) already holds the merchant's orderId. */
export async function orderIsHeld(db: Database, merchantId: string, orderId: string, scope?: SQL): Promise<boolean> {
  const held = firstRow(await db
    .select({ id: payments.id })
    .from(payments)
    .where(
      and(eq(payments.merchantId, merchantId), eq(payments.orderId, orderId), inArray(payments.status, [...ORDER_HOLDING_STATUSES]), scope),
    )
    .limit(1));
  return held !== undefined;
}
