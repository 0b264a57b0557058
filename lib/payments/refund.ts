import { randomUUID } from 'node:crypto';
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Acquirer, ReversalResult } from '../acquirer';
import { housekeepingRouteOf, routeOfPayment } from '../banks/routing';
import type { Database } from '../db/client';
import { payments, refunds, type Merchant, type Payment, type Refund } from '../db/schema';
import { AppError, present } from '../errors';
import { recordEvent } from '../notifications/record';
import { describeError, logger } from '../log';
import { parseAmount, toMajorUnits } from '../money';
import type { RefundRequest, RefundResponse } from '../schemas/refund';
import { getPayment, invalidState, lockPayment } from './queries';
import { chargedAt } from './cancel';
import { firstRow } from '../rows';
import { interruptedBefore } from './recovery';
import { assertNoBankOperation } from './bank-call';

/** Refunds are accepted for a year after the charge (reference §10). */
export const REFUND_WINDOW_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * Refunds part or all of a payment's charge. Three short steps, so no lock is held while the bank
 * works: (1) under the payment's row lock, check what is still refundable (the charge minus refunds
 * that succeeded or are in flight) and write the refund as PROCESSING; (2) ask the bank; (3) settle
 * the refund and the payment's refunded total in one transaction. Concurrent refunds, on one
 * instance or several, queue on the row lock in step 1, so together they never exceed the charge.
 * A repeated `reference` answers the refund it named instead of refunding again.
 */
export async function refundPayment({
  db,
  merchant,
  paymentId,
  request,
  now = new Date(),
}: {
  db: Database;
  merchant: Merchant;
  paymentId: string;
  request: RefundRequest;
  now?: Date;
}): Promise<RefundResponse> {
  type Reserved = { refund: Refund; payment: Payment; acquirer: Acquirer } | { repeated: Refund; payment: Payment };
  const reserved = await db.transaction(async (tx): Promise<Reserved> => {
    const payment = await lockPayment(tx, merchant, paymentId);
    // In live mode a payment the sandbox bank took cannot be refunded through it: refused before any write.
    const { acquirer } = await routeOfPayment(tx, payment);
    if (request.reference) {
      const earlier = firstRow(await tx.select().from(refunds).where(and(eq(refunds.paymentId, paymentId), eq(refunds.reference, request.reference))));
      if (earlier) return { repeated: earlier, payment };
    }
    checkRefundable(payment, now);
    if (request.currency !== payment.currency) {
      throw new AppError(
        'CURRENCY_MISMATCH',
        `The payment is in ${payment.currency}`,
        [{ field: 'currency', code: 'CURRENCY_MISMATCH', message: `Refund currency must be ${payment.currency}` }],
        {},
        400,
      );
    }
    const [inFlight] = await tx
      .select({ amount: sql<number>`coalesce(sum(${refunds.amount}), 0)::bigint`.mapWith(Number) })
      .from(refunds)
      .where(and(eq(refunds.paymentId, paymentId), eq(refunds.status, 'PROCESSING')));
    const refundable = present(payment.capturedAmount, "a captured payment's capturedAmount") - payment.refundedAmount - inFlight.amount;
    const amountMinor = request.amount === undefined ? refundable : parsedMinor(request.amount, payment.currency);
    if (amountMinor > refundable || refundable === 0) {
      const left = toMajorUnits(refundable, payment.currency);
      throw new AppError('AMOUNT_EXCEEDS_REFUNDABLE', `At most ${left} ${payment.currency} can still be refunded`, [
        { field: 'amount', code: 'AMOUNT_EXCEEDS_REFUNDABLE', message: `Amount must not exceed the refundable ${left} ${payment.currency}` },
      ]);
    }
    const [refund] = await tx
      .insert(refunds)
      .values({
        id: randomUUID(),
        paymentId,
        merchantId: merchant.id,
        reference: request.reference ?? null,
        reason: request.reason ?? null,
        status: 'PROCESSING',
        currency: payment.currency,
        amount: amountMinor,
        processingStartedAt: now,
      })
      .returning();
    return { refund, payment, acquirer };
  });

  if ('repeated' in reserved) {
    const { repeated, payment } = reserved;
    if (request.amount !== undefined && parsedMinor(request.amount, payment.currency) !== repeated.amount) {
      throw new AppError('DUPLICATE_REFERENCE', `Refund ${request.reference} was made for another amount`, [
        { field: 'reference', code: 'DUPLICATE_REFERENCE', message: 'This reference already names a refund of another amount' },
      ]);
    }
    return refundResponse(db, repeated);
  }
  const { refund, payment, acquirer } = reserved;
  const answer = await askBank(acquirer, refund, payment, 'first');
  const settled = answer ? await settleRefund(db, refund, answer) : null;
  // Settled here: the payment as the settling transaction left it, without reading it again.
  return settled ? toRefundResponse(settled.refund, settled.payment, settled.payment.refundedAmount) : refundResponse(db, refund);
}

/** The payment's refunds, oldest first, each with the payment's totals as they stood after it. */
export async function listRefunds({ db, merchant, paymentId }: { db: Database; merchant: Merchant; paymentId: string }): Promise<RefundResponse[]> {
  const payment = await getPayment({ db, merchant, paymentId });
  const rows = await db.select().from(refunds).where(eq(refunds.paymentId, paymentId)).orderBy(asc(refunds.createdAt), asc(refunds.id));
  let refunded = 0;
  return rows.map((refund) => {
    if (refund.status === 'SUCCESS') refunded += refund.amount;
    return toRefundResponse(refund, payment, refunded);
  });
}

/**
 * Settles refunds whose process died while the bank had them (a crash or a kill): once older than any
 * bank call can take, each is sent again under its own refund id, which the sandbox bank treats as the
 * same refund (a bank that cannot tell a repeat keeps it PROCESSING instead), and settled with the answer. Several instances may try one; only the first settlement writes.
 */
export async function settleInterruptedRefunds(db: Database): Promise<number> {
  const interrupted = await db
    .select({ refund: refunds, payment: payments })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(and(eq(refunds.status, 'PROCESSING'), lt(refunds.processingStartedAt, interruptedBefore())))
    .limit(100);
  let settled = 0;
  for (const { refund, payment } of interrupted) {
    const { acquirer } = await housekeepingRouteOf(db, payment);
    const answer = await askBank(acquirer, refund, payment, 'first');
    if (answer && (await settleRefund(db, refund, answer))) settled++;
  }
  if (settled) logger.warn({ count: settled }, 'settled interrupted refunds');
  return settled;
}

function checkRefundable(payment: Payment, now: Date): void {
  if (payment.status === 'CANCELLED') throw invalidState('This payment was cancelled: no money moved, nothing to refund');
  if (payment.status !== 'SUCCESS') throw invalidState('Only an approved payment can be refunded');
  if (payment.capturedAmount === null) throw invalidState('This pre-authorization is not captured: cancel it instead');
  assertNoBankOperation(payment);
  if (now.getTime() - chargedAt(payment).getTime() > REFUND_WINDOW_MS) throw invalidState('Payments older than 365 days cannot be refunded');
}

function parsedMinor(amount: number, currency: string): number {
  const parsed = parseAmount(amount, currency);
  if (!parsed.ok) throw AppError.field('amount', `AMOUNT_${parsed.error}`, parsed.message);
  return parsed.minor;
}

/** The bank's answer, or null when it could not be had: the refund then stays PROCESSING for the recovery job. */
async function askBank(acquirer: Acquirer, refund: Refund, payment: Payment, attempt: 'first' | 'resend'): Promise<ReversalResult | null> {
  try {
    return await acquirer.refund({
      refundId: refund.id,
      paymentId: payment.id,
      externalTransactionId: payment.externalTransactionId,
      amountMinor: refund.amount,
      currency: refund.currency,
      attempt,
    });
  } catch (error) {
    logger.error({ refundId: refund.id, err: describeError(error) }, 'acquirer refund failed; left for recovery');
    return null;
  }
}

/**
 * Writes the bank's answer, and a success onto the payment's total, once: the settled refund and
 * its payment as of that write; null if already settled.
 */
async function settleRefund(db: Database, refund: Refund, answer: ReversalResult): Promise<{ refund: Refund; payment: Payment } | null> {
  return db.transaction(async (tx) => {
    const settled = firstRow(await tx
      .update(refunds)
      .set(
        answer.ok
          ? { status: 'SUCCESS', resultCode: 'SUCCESS', resultMessage: 'Refunded', externalTransactionId: answer.externalTransactionId, settledAt: new Date() }
          : { status: 'FAILED', resultCode: answer.resultCode, resultMessage: answer.resultMessage, settledAt: new Date() },
      )
      .where(and(eq(refunds.id, refund.id), eq(refunds.status, 'PROCESSING')))
      .returning());
    if (!settled) return null;
    const [payment] = answer.ok
      ? await tx
          .update(payments)
          .set({ refundedAmount: sql`${payments.refundedAmount} + ${settled.amount}` })
          .where(eq(payments.id, settled.paymentId))
          .returning()
      : await tx.select().from(payments).where(eq(payments.id, settled.paymentId));
    await recordEvent(tx, {
      merchantId: settled.merchantId,
      type: answer.ok ? 'refund.succeeded' : 'refund.failed',
      paymentId: settled.paymentId,
      data: toRefundResponse(settled, payment, payment.refundedAmount),
    });
    return { refund: settled, payment };
  });
}

/** The refund with its payment's totals as they stand now. */
async function refundResponse(db: Database, refund: Refund): Promise<RefundResponse> {
  const [payment] = await db.select().from(payments).where(eq(payments.id, refund.paymentId));
  return toRefundResponse(refund, payment, payment.refundedAmount);
}

export function toRefundResponse(refund: Refund, payment: Payment, refundedMinor: number): RefundResponse {
  const major = (minor: number) => toMajorUnits(minor, refund.currency);
  return {
    refundId: refund.id,
    paymentId: refund.paymentId,
    orderId: payment.orderId,
    reference: refund.reference,
    amount: major(refund.amount),
    currency: refund.currency,
    status: refund.status === 'PROCESSING' ? 'PENDING' : refund.status,
    resultCode: refund.resultCode ?? (refund.status === 'PROCESSING' ? 'REFUND_PENDING' : null),
    resultMessage: refund.resultMessage ?? (refund.status === 'PROCESSING' ? 'The bank has not answered yet' : null),
    refundDate: refund.createdAt.toISOString(),
    externalTransactionId: refund.externalTransactionId,
    reason: refund.reason,
    refundedAmount: major(refundedMinor),
    refundableAmount: major(Math.max(0, (payment.capturedAmount ?? 0) - refundedMinor)),
  };
}
