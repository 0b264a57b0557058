import { randomUUID } from 'node:crypto';
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Acquirer, ReversalResult } from '../acquirer';
import { housekeepingRouteOf, routeOfPayment } from '../banks/routing';
import type { Database } from '../db/client';
import { payments, refunds, type Merchant, type Payment, type Refund } from '../db/schema';
import { AppError, present } from '../errors';
import { eventValues, eventWrites, fannedOut, nudgeSoon, recordEvent } from '../notifications/record';
import { columnPlaceholder, placeholderValues, preparedSql } from '../db/prepared';
import { describeError, logger } from '../log';
import { parseAmount, toMajorUnits } from '../money';
import type { RefundRequest, RefundResponse } from '../schemas/refund';
import { getPayment, invalidState, paymentNotFound } from './queries';
import { chargedAt } from './cancel';
import { firstRow } from '../rows';
import { interruptedBefore } from './recovery';
import { askBank as askUnderLock, assertNoBankOperation } from './bank-call';
import { isUuid, newId } from '../crypto';

/** Refunds are accepted for a year after the charge (reference §10). */
export const REFUND_WINDOW_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * Refunds part or all of a payment's charge. Under the payment's row lock, what is still refundable
 * is checked: the charge minus refunds that succeeded or are in flight. Concurrent refunds, on one
 * instance or several, queue on that lock, so together they never exceed the charge. A repeated
 * `reference` answers the refund it named instead of refunding again.
 *
 * A merchant's bank may take seconds and its answer may be lost, so no lock is held while it works:
 * (1) under the lock the refund is written as PROCESSING (counted as in flight); (2) the bank is
 * asked; (3) the refund and the payment's refunded total are settled in one transaction, or left
 * PROCESSING for the recovery job. The sandbox bank answers in process and nothing outside Kasa
 * changes, so there is nothing to protect between those steps: it is asked under the lock and the
 * refund is written settled, in one transaction of two statements (lock and read, write).
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
  type Started =
    | { settled: { refund: Refund; payment: Payment } }
    | { reserved: Refund; payment: Payment; acquirer: Acquirer }
    | { repeated: Refund; payment: Payment };
  const started = await db.transaction(async (tx): Promise<Started> => {
    const locked = await lockForRefund(tx, merchant, paymentId, request.reference);
    const { payment } = locked;
    // In live mode a payment the sandbox bank took cannot be refunded through it: refused before any write.
    const route = await routeOfPayment(tx, payment);
    // Read again when the lock's own reads may be old: a bank's PROCESSING refund leaves the payment row unchanged, so stale cannot tell of it.
    const { earlier, inFlight } = route.account || locked.stale ? await refundsAfterLock(tx, paymentId, request.reference) : locked;
    if (earlier) return { repeated: earlier, payment };
    const amountMinor = refundableAmount(payment, request, inFlight, now);
    const refundId = randomUUID();
    if (!route.account) {
      const answer = await askUnderLock('refund', paymentId, () =>
        route.acquirer.refund(reversalOf({ id: refundId, amount: amountMinor, currency: payment.currency }, payment, 'first')),
      );
      const settledAt = new Date();
      const refund: Refund = {
        ...newRefund(refundId, merchant, payment, request, amountMinor, now),
        ...refundOutcome(answer),
        settledAt,
        createdAt: settledAt,
      };
      return { settled: await recordSandboxRefund(tx, payment, refund) };
    }
    const [reserved] = await tx
      .insert(refunds)
      .values({ ...newRefund(refundId, merchant, payment, request, amountMinor, now), status: 'PROCESSING' })
      .returning();
    return { reserved, payment, acquirer: route.acquirer };
  });

  if ('settled' in started) return toRefundResponse(started.settled.refund, started.settled.payment, started.settled.payment.refundedAmount);
  if ('repeated' in started) {
    const { repeated, payment } = started;
    if (request.amount !== undefined && parsedMinor(request.amount, payment.currency) !== repeated.amount) {
      throw new AppError('DUPLICATE_REFERENCE', `Refund ${request.reference} was made for another amount`, [
        { field: 'reference', code: 'DUPLICATE_REFERENCE', message: 'This reference already names a refund of another amount' },
      ]);
    }
    return refundResponse(db, repeated);
  }
  const { reserved, payment, acquirer } = started;
  const answer = await askBank(acquirer, reserved, payment, 'first');
  const settled = answer ? await settleRefund(db, reserved, answer) : null;
  // Settled here: the payment as the settling transaction left it, without reading it again.
  return settled ? toRefundResponse(settled.refund, settled.payment, settled.payment.refundedAmount) : refundResponse(db, reserved);
}

interface LockedForRefund {
  payment: Payment;
  /** The refund already made under the request's reference. */
  earlier: Refund | null;
  /** The payment's PROCESSING refunds, in minor units. */
  inFlight: number;
  /**
   * The payment row changed after this statement's snapshot (it waited on the lock): the refunds it
   * read predate the last holder's commit, so they must be read again (PostgreSQL's READ COMMITTED
   * gives a locking read the newest row, but its other reads the statement's snapshot).
   */
  stale: boolean;
}

/** The merchant's payment, locked for the rest of the transaction, with what a refund checks of its refunds, in one statement. */
async function lockForRefund(tx: Database, merchant: Merchant, paymentId: string, reference: string | undefined): Promise<LockedForRefund> {
  if (!isUuid(paymentId)) throw paymentNotFound();
  const locked = firstRow(await tx
    .select({
      payment: payments,
      earlier: refunds,
      inFlight: sql<number>`(select coalesce(sum(r.amount), 0)::bigint from ${refunds} r where r.payment_id = ${payments.id} and r.status = 'PROCESSING')`.mapWith(Number),
      stale: sql<boolean>`${payments}.xmin <> (select p.xmin from ${payments} p where p.id = ${payments.id})`,
    })
    .from(payments)
    .leftJoin(refunds, !reference ? sql`false` : and(eq(refunds.paymentId, payments.id), eq(refunds.reference, reference)))
    .where(and(eq(payments.id, paymentId), eq(payments.merchantId, merchant.id)))
    .for('update', { of: payments }));
  if (!locked) throw paymentNotFound();
  return locked;
}

/** What lockForRefund reads of the refunds, read again by statements started after the lock was had. */
async function refundsAfterLock(tx: Database, paymentId: string, reference: string | undefined): Promise<Pick<LockedForRefund, 'earlier' | 'inFlight'>> {
  const earlier = !reference
    ? null
    : firstRow(await tx.select().from(refunds).where(and(eq(refunds.paymentId, paymentId), eq(refunds.reference, reference)))) ?? null;
  const [inFlight] = await tx
    .select({ amount: sql<number>`coalesce(sum(${refunds.amount}), 0)::bigint`.mapWith(Number) })
    .from(refunds)
    .where(and(eq(refunds.paymentId, paymentId), eq(refunds.status, 'PROCESSING')));
  return { earlier, inFlight: inFlight.amount };
}

/** What may be refunded of this payment now, in minor units (the whole rest when no amount is asked); or why nothing may. */
function refundableAmount(payment: Payment, request: RefundRequest, inFlightMinor: number, now: Date): number {
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
  const refundable = present(payment.capturedAmount, "a captured payment's capturedAmount") - payment.refundedAmount - inFlightMinor;
  const amountMinor = request.amount === undefined ? refundable : parsedMinor(request.amount, payment.currency);
  if (amountMinor > refundable || refundable === 0) {
    const left = toMajorUnits(refundable, payment.currency);
    throw new AppError('AMOUNT_EXCEEDS_REFUNDABLE', `At most ${left} ${payment.currency} can still be refunded`, [
      { field: 'amount', code: 'AMOUNT_EXCEEDS_REFUNDABLE', message: `Amount must not exceed the refundable ${left} ${payment.currency}` },
    ]);
  }
  return amountMinor;
}

/** The columns of a new refund the bank has not answered yet. */
function newRefund(id: string, merchant: Merchant, payment: Payment, request: RefundRequest, amountMinor: number, now: Date) {
  return {
    id,
    paymentId: payment.id,
    merchantId: merchant.id,
    reference: request.reference ?? null,
    reason: request.reason ?? null,
    currency: payment.currency,
    amount: amountMinor,
    processingStartedAt: now,
  };
}

/** The bank's answer as a refund's columns. */
function refundOutcome(answer: ReversalResult): Pick<Refund, 'status' | 'resultCode' | 'resultMessage' | 'externalTransactionId'> {
  return answer.ok
    ? { status: 'SUCCESS', resultCode: 'SUCCESS', resultMessage: 'Refunded', externalTransactionId: answer.externalTransactionId }
    : { status: 'FAILED', resultCode: answer.resultCode, resultMessage: answer.resultMessage, externalTransactionId: null };
}

const sandboxRefundColumns = [
  'id', 'paymentId', 'merchantId', 'reference', 'reason', 'status', 'currency', 'amount', 'resultCode', 'resultMessage',
  'externalTransactionId', 'processingStartedAt', 'settledAt', 'createdAt',
] as const satisfies readonly (keyof Refund)[];

// A decline credits nothing but still updates the payment row, so that a refund waiting on the
// lock finds itself stale and reads this one's reference (lockForRefund).
const sandboxRefundStatement = preparedSql('record_sandbox_refund', sql`
  with written as (
    insert into ${refunds} (${sql.join(sandboxRefundColumns.map((key) => sql.identifier(refunds[key].name)), sql`, `)})
    values (${sql.join(sandboxRefundColumns.map((key) => columnPlaceholder(refunds[key], key)), sql`, `)})
    returning id
  ), credited as (
    update ${payments} set refunded_amount = refunded_amount + ${sql.placeholder('credited')}::bigint
    where ${payments.id} = ${sql.placeholder('paymentId')}::uuid returning ${payments.id}
  ), ${eventWrites(sql`written`)}
  select (select count(*)::integer from credited) as credited, n from fanned`);

/**
 * Writes a refund the sandbox bank has answered, on a payment the caller's transaction has locked
 * (lockForRefund): the refund row, the payment's refunded total and the refund.succeeded /
 * refund.failed event with the event endpoints' deliveries, in one statement. The rows are assembled
 * here from what was written, not read back.
 */
async function recordSandboxRefund(tx: Database, locked: Payment, refund: Refund): Promise<{ refund: Refund; payment: Payment }> {
  const credited = refund.status === 'SUCCESS' ? refund.amount : 0;
  const payment: Payment = { ...locked, refundedAmount: locked.refundedAmount + credited };
  const event = {
    id: newId('evt'),
    createdAt: new Date(),
    merchantId: refund.merchantId,
    type: refund.status === 'SUCCESS' ? ('refund.succeeded' as const) : ('refund.failed' as const),
    paymentId: refund.paymentId,
    data: toRefundResponse(refund, payment, payment.refundedAmount),
  };
  const result = await sandboxRefundStatement(tx, { ...placeholderValues(refund, sandboxRefundColumns), credited, ...eventValues(event) });
  const counts = firstRow((result as { rows: { credited: number | string }[] }).rows);
  if (Number(counts?.credited ?? 0) !== 1) throw new Error(`refund ${refund.id} of payment ${payment.id} updated no payment`);
  if (fannedOut(result) > 0) nudgeSoon();
  return { refund, payment };
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
    return await acquirer.refund(reversalOf(refund, payment, attempt));
  } catch (error) {
    logger.error({ refundId: refund.id, err: describeError(error) }, 'acquirer refund failed; left for recovery');
    return null;
  }
}

/** What the bank is asked to refund. */
function reversalOf(refund: Pick<Refund, 'id' | 'amount' | 'currency'>, payment: Payment, attempt: 'first' | 'resend') {
  return {
    refundId: refund.id,
    paymentId: payment.id,
    externalTransactionId: payment.externalTransactionId,
    amountMinor: refund.amount,
    currency: refund.currency,
    attempt,
  };
}

/**
 * Writes the bank's answer, and a success onto the payment's total, once: the settled refund and
 * its payment as of that write; null if already settled.
 */
async function settleRefund(db: Database, refund: Refund, answer: ReversalResult): Promise<{ refund: Refund; payment: Payment } | null> {
  return db.transaction(async (tx) => {
    const settled = firstRow(await tx
      .update(refunds)
      .set({ ...refundOutcome(answer), settledAt: new Date() })
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
