import { and, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { housekeepingRouteOf } from '../banks/routing';
import { config } from '../config';
import type { Database } from '../db/client';
import { cardVault, payments, type Payment } from '../db/schema';
import { nudgeCallbackWorker } from '../notifications/outbox';
import { recordPaymentEvent } from './events';
import { describeError, logger } from '../log';
import type { PaymentFollowUp } from './follow-up';
import { finishCapture } from './capture';
import { finishCancel, stageOf } from './cancel';
import { present } from '../errors';

/**
 * Longer than any bank call may take: the call and its status query, each up to KASA_BANK_TIMEOUT_MS,
 * and the writes around them. A PROCESSING payment or refund this old lost its process or its answer.
 */
export const interruptedBefore = () => sql`now() - make_interval(secs => ${(2 * config.bankTimeoutMs + 10_000) / 1000})`;

/** Payments one run looks at. */
const BATCH_SIZE = 100;

/**
 * The recovery rule for payments interrupted between "reserved" and "bank answered" (a crash, a kill,
 * or a bank whose answer was lost): each is released at its bank, which first asks whether it
 * authorized at all, and only then settled as FAILED, which frees its orderId. A bank that cannot
 * tell yet leaves the payment PROCESSING, its orderId still held, for the next run: the order is
 * never free for a second charge while the first may stand.
 */
export async function settleInterruptedPayments(db: Database, followUp: PaymentFollowUp): Promise<number> {
  const candidates = await db
    .select()
    .from(payments)
    .where(and(eq(payments.status, 'PROCESSING'), lt(payments.processingStartedAt, interruptedBefore())))
    .limit(BATCH_SIZE);
  const released: Payment[] = [];
  for (const payment of candidates) {
    try {
      const { acquirer } = await housekeepingRouteOf(db, payment);
      const release = await acquirer.release({ paymentId: payment.id, externalTransactionId: null, amountMinor: payment.amount + payment.interestAmount, currency: payment.currency });
      if (release.ok) released.push(payment);
      else logger.warn({ paymentId: payment.id, resultCode: release.resultCode }, 'an interrupted payment is not released yet; asking again next run');
    } catch (error) {
      logger.warn({ paymentId: payment.id, err: describeError(error) }, 'release of an interrupted payment failed; asking again next run');
    }
  }
  if (released.length === 0) return 0;
  // One transaction: the FAILED rows, their card data gone, their checkout attempts and payment.failed events.
  const settled = await db.transaction(async (tx) => {
    const rows = await tx
      .update(payments)
      .set({ status: 'FAILED', resultCode: 'PROCESSING_INTERRUPTED', resultMessage: 'The payment was interrupted and not completed' })
      .where(and(inArray(payments.id, released.map((payment) => payment.id)), eq(payments.status, 'PROCESSING')))
      .returning();
    if (rows.length === 0) return rows;
    // A 3-D Secure payment interrupted mid-authorization keeps no card data either.
    await tx.delete(cardVault).where(inArray(cardVault.paymentId, rows.map((payment) => payment.id)));
    for (const payment of rows) {
      await recordPaymentEvent(tx, payment);
      await followUp.settled(tx, payment);
    }
    return rows;
  });
  if (settled.length) {
    nudgeCallbackWorker();
    logger.warn({ count: settled.length }, 'settled interrupted payments as FAILED');
  }
  return settled.length;
}

/**
 * Captures and cancels whose bank answer was lost (lib/payments/bank-call.ts): each is asked of the
 * bank again, which recognises a repeat of what it did, and settled with the answer; one the bank
 * still does not answer stays open for the next run.
 */
export async function settleOpenBankOperations(db: Database, followUp: PaymentFollowUp): Promise<number> {
  const open = await db
    .select()
    .from(payments)
    .where(and(isNotNull(payments.bankOperation), lt(payments.bankOperationStartedAt, interruptedBefore())))
    .limit(BATCH_SIZE);
  let settled = 0;
  for (const payment of open) {
    try {
      const route = await housekeepingRouteOf(db, payment);
      if (payment.bankOperation === 'CAPTURE') {
        await finishCapture(db, { payment, route, amountMinor: present(payment.bankOperationAmount, "an open capture's amount") });
      } else {
        await finishCancel(db, { payment, route, stage: stageOf(payment) }, { now: new Date(), followUp });
      }
      settled++;
    } catch (error) {
      // A refusal is settled too (the operation closed); only a lost answer leaves it open.
      logger.warn({ paymentId: payment.id, operation: payment.bankOperation, err: describeError(error) }, 'an open bank operation was not completed');
    }
  }
  if (settled) nudgeCallbackWorker();
  return settled;
}
