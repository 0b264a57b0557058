import { and, eq } from 'drizzle-orm';
import { nudgeCallbackWorker } from '../notifications/outbox';
import type { Database } from '../db/client';
import { merchants, payments } from '../db/schema';
import { AppError } from '../errors';
import { logger } from '../log';
import { isUuid } from '../crypto';
import { completeThreeDs } from '../payments/three-ds';
import { checkoutFollowUp } from './attempts';
import { firstRow } from '../rows';

/**
 * The issuer page's return into the hosted checkout: completes the attempt with the same domain
 * function as POST /api/3ds/{id}/complete, on behalf of the checkout's merchant. Returns the attempt
 * to show, or null when the posted payment is not an attempt of this checkout.
 */
export async function completeCheckoutThreeDs({
  db,
  checkoutId,
  paymentId,
  securityKey,
}: {
  db: Database;
  checkoutId: string;
  paymentId: string;
  securityKey: string;
}): Promise<{ paymentId: string } | null> {
  if (!isUuid(checkoutId) || !isUuid(paymentId)) return null;
  const row = firstRow(await db
    .select({ merchant: merchants })
    .from(payments)
    .innerJoin(merchants, eq(merchants.id, payments.merchantId))
    .where(and(eq(payments.id, paymentId), eq(payments.checkoutId, checkoutId))));
  if (!row) return null;
  try {
    await completeThreeDs({ db, merchant: row.merchant, paymentId, securityKey, followUp: checkoutFollowUp });
  } catch (error) {
    // A replayed or forged return changes nothing; the result page shows the attempt as it stands.
    if (!(error instanceof AppError)) throw error;
    logger.info({ checkoutId, paymentId, code: error.code }, 'checkout 3-D Secure return refused');
  }
  nudgeCallbackWorker();
  return { paymentId };
}
