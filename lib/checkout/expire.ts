import { and, eq, inArray, sql } from 'drizzle-orm';
import { nudgeCallbackWorker } from '../notifications/outbox';
import { enqueueCheckoutEvent } from './callbacks';
import type { Database } from '../db/client';
import { checkouts, payments, threeDsSessions, type Checkout, type Merchant } from '../db/schema';
import { AppError } from '../errors';
import { isUuid } from '../crypto';
import { CHECKOUT_EXPIRED, failEnrolledPayment } from '../payments/three-ds';
import type { ApiPaymentResponse } from '../schemas/payment';
import { checkoutNotFound, checkoutStatusResponse } from './status';
import { checkoutFollowUp } from './attempts';
import { firstRow } from '../rows';

/**
 * POST /api/checkout/{id}/expire: ends an unpaid link now (reference §10). Under the checkout's row
 * lock (the one a card submission takes) the link becomes EXPIRED, and an attempt still on the 3-D
 * Secure page fails with CHECKOUT_EXPIRED under its session and payment row locks, so its issuer page
 * closes and a completion arriving later finds it FAILED: it is never authorized. An attempt being
 * completed right now (its rows locked, or at the bank) makes the call answer REQUEST_IN_PROGRESS
 * rather than wait: completion takes those locks before the checkout's, so waiting could deadlock;
 * once the attempt settles, a retry expires the link or, if it was paid, answers INVALID_STATE. The
 * checkout.expired callback and event are written in the same transaction. Expiring an expired link
 * answers the same body again.
 */
export async function expireCheckout({
  db,
  merchant,
  checkoutId,
}: {
  db: Database;
  merchant: Merchant;
  checkoutId: string;
}): Promise<ApiPaymentResponse> {
  if (!isUuid(checkoutId)) throw checkoutNotFound();
  const outcome = await db.transaction(async (tx) => expireLocked(tx, merchant, checkoutId)).catch((error: unknown) => {
    throw isLockNotAvailable(error) ? attemptInProgress() : error;
  });
  if (outcome.expiredNow) nudgeCallbackWorker();
  return outcome.response;
}

async function expireLocked(tx: Database, merchant: Merchant, checkoutId: string): Promise<{ response: ApiPaymentResponse; expiredNow: boolean }> {
  const checkout = firstRow(await tx
    .select()
    .from(checkouts)
    .where(and(eq(checkouts.id, checkoutId), eq(checkouts.merchantId, merchant.id)))
    .for('update'));
  if (!checkout) throw checkoutNotFound();
  if (checkout.status === 'PAID') throw invalidCheckoutState('This checkout is paid: cancel or refund its payment instead');
  if (checkout.status === 'CLOSED') throw invalidCheckoutState('This checkout is already closed after three failed attempts');
  if (checkout.status === 'EXPIRED') return { response: await currentResponse(tx, checkout), expiredNow: false };

  // OPEN, possibly past its expiresAt already (nothing has marked it yet): it ends now either way.
  const unfinished = await tx
    .select({ paymentId: payments.id, status: payments.status })
    .from(threeDsSessions)
    .innerJoin(payments, eq(payments.id, threeDsSessions.paymentId))
    .where(and(eq(payments.checkoutId, checkout.id), inArray(payments.status, ['ENROLLED', 'PROCESSING'])))
    .for('update', { noWait: true });
  if (unfinished.some((attempt) => attempt.status === 'PROCESSING')) throw attemptInProgress();
  for (const attempt of unfinished) {
    await failEnrolledPayment(tx, attempt.paymentId, CHECKOUT_EXPIRED, 'The merchant ended this payment link', checkoutFollowUp);
  }
  const [expired] = await tx
    .update(checkouts)
    .set({ status: 'EXPIRED', expiresAt: sql`least(${checkouts.expiresAt}, now())` })
    .where(eq(checkouts.id, checkout.id))
    .returning();
  // The callback (status EXPIRED, what GET now answers) and the checkout.expired event.
  await enqueueCheckoutEvent(tx, { checkout: expired, event: 'checkout.expired' });
  return { response: await currentResponse(tx, expired), expiredNow: true };
}

/** GET /api/checkout/{id}'s answer, read inside the transaction. */
async function currentResponse(tx: Database, checkout: Checkout): Promise<ApiPaymentResponse> {
  const latest = checkout.latestPaymentId
    ? firstRow(await tx.select().from(payments).where(eq(payments.id, checkout.latestPaymentId)))
    : undefined;
  return checkoutStatusResponse(checkout, latest ?? null);
}

function invalidCheckoutState(message: string): AppError {
  return new AppError('INVALID_STATE', message, [{ field: 'checkoutId', code: 'INVALID_STATE', message }]);
}

function attemptInProgress(): AppError {
  return new AppError('REQUEST_IN_PROGRESS', 'A payment attempt of this checkout is being completed; retry shortly', [
    { field: 'checkoutId', code: 'REQUEST_IN_PROGRESS', message: 'Retry when the payment attempt has settled' },
  ]);
}

/** PostgreSQL's lock_not_available (FOR UPDATE NOWAIT found the row locked), however the driver wraps it. */
function isLockNotAvailable(error: unknown): boolean {
  for (let current = error; current && typeof current === 'object'; current = (current as { cause?: unknown }).cause) {
    if ((current as { code?: unknown }).code === '55P03') return true;
  }
  return false;
}
