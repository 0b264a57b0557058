import { randomUUID } from 'node:crypto';
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Acquirer, ReversalResult } from '../acquirer';
import { housekeepingRouteOf, routeOfPayment, type BankRoute } from '../banks/routing';
import type { Database } from '../db/client';
import { payments, refunds, type Merchant, type Payment, type Refund } from '../db/schema';
import { AppError, present } from '../errors';
import { eventValues, eventWrites, fannedOut, nudgeSoon, recordEvent } from '../notifications/record';
import { columnPlaceholder, placeholderValues, preparedQuery, preparedSql } from '../db/prepared';
import { describeError, logger } from '../log';
import { parseAmount, toMajorUnits } from '../money';
import type { RefundRequest, RefundResponse } from '../schemas/refund';
import { getPayment, invalidState, lockPayment, paymentNotFound } from './queries';
import { chargedAt } from './cancel';
import { firstRow } from '../rows';
import { interruptedBefore } from './recovery';
import { askSandboxBank, assertNoBankOperation } from './bank-call';
import { isUuid, newId } from '../crypto';

/** Refunds are accepted for a year after the charge (reference §10). */
export const REFUND_WINDOW_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * Refunds part or all of a payment's charge. What is still refundable is the charge minus refunds
 * that succeeded or are in flight; concurrent refunds, on one instance or several, never exceed it
 * together. A repeated `reference` answers the refund it named instead of refunding again.
 *
 * The sandbox bank answers in process and moves no money, so it is asked with nothing locked and the
 * refund is written settled only if the payment is still as read (refundInSandbox). A merchant's bank
 * may take seconds and its answer may be lost, so it is not asked under a lock either, but the refund
 * is reserved first (refundAtBank).
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
  const read = await readForRefund(db, merchant, paymentId, request.reference);
  // In live mode a payment the sandbox bank took cannot be refunded through it: refused before any write.
  const route = await routeOfPayment(db, read.payment);
  return route.account ? refundAtBank(db, merchant, paymentId, request, route.acquirer, now) : refundInSandbox(db, merchant, read, route, request, now);
}

/**
 * Every write to a payment makes a new version of its row, and the refund's statement writes only onto
 * the version its checks read (recordSandboxRefund). When a refund, capture or cancel of the payment
 * committed in between, the payment is read and checked again. Each retry follows another request's
 * commit, so the loop ends when its competitors do.
 */
async function refundInSandbox(
  db: Database,
  merchant: Merchant,
  read: ReadForRefund,
  route: BankRoute,
  request: RefundRequest,
  now: Date,
): Promise<RefundResponse> {
  for (let current = read; ; current = await readForRefund(db, merchant, read.payment.id, request.reference)) {
    const { payment, earlier, inFlight, version } = current;
    if (earlier) return repeatedRefund(earlier, payment, request);
    const amountMinor = refundableAmount(payment, request, inFlight, now);
    const refundId = randomUUID();
    const answer = await askSandboxBank('refund', payment.id, () =>
      route.acquirer.refund(reversalOf({ id: refundId, amount: amountMinor, currency: payment.currency }, payment, 'first')),
    );
    const settledAt = new Date();
    const refund: Refund = {
      ...newRefund(refundId, merchant, payment, request, amountMinor, now),
      ...refundOutcome(answer),
      settledAt,
      createdAt: settledAt,
    };
    const settled = await recordSandboxRefund(db, payment, version, refund);
    if (settled) return toRefundResponse(settled.refund, settled.payment, settled.payment.refundedAmount);
  }
}

/**
 * (1) Under the payment's row lock the refund is written as PROCESSING, counted as in flight by the
 * refunds queued behind it; (2) the bank is asked with no lock held; (3) the refund and the payment's
 * refunded total are settled in one transaction, or left PROCESSING for the recovery job.
 */
async function refundAtBank(
  db: Database,
  merchant: Merchant,
  paymentId: string,
  request: RefundRequest,
  acquirer: Acquirer,
  now: Date,
): Promise<RefundResponse> {
  type Started = { reserved: Refund; payment: Payment } | { repeated: Refund; payment: Payment };
  const started = await db.transaction(async (tx): Promise<Started> => {
    await lockPayment(tx, merchant, paymentId);
    // Read by a statement begun once the lock was had, so it sees what the lock's last holder committed.
    const { payment, earlier, inFlight } = await readForRefund(tx, merchant, paymentId, request.reference);
    if (earlier) return { repeated: earlier, payment };
    const amountMinor = refundableAmount(payment, request, inFlight, now);
    const [reserved] = await tx
      .insert(refunds)
      .values({ ...newRefund(randomUUID(), merchant, payment, request, amountMinor, now), status: 'PROCESSING' })
      .returning();
    return { reserved, payment };
  });
  if ('repeated' in started) return repeatedRefund(started.repeated, started.payment, request);
  const { reserved, payment } = started;
  const answer = await askBankToRefund(acquirer, reserved, payment, 'first');
  const settled = answer ? await settleRefund(db, reserved, answer) : null;
  // Settled here: the payment as the settling transaction left it, without reading it again.
  return settled ? toRefundResponse(settled.refund, settled.payment, settled.payment.refundedAmount) : refundResponse(db, reserved);
}

/** The refund a repeated reference names, with the payment as it was read with it; refused if the repeat asks another amount. */
function repeatedRefund(repeated: Refund, payment: Payment, request: RefundRequest): RefundResponse {
  if (request.amount !== undefined && parsedMinor(request.amount, payment.currency) !== repeated.amount) {
    throw new AppError('DUPLICATE_REFERENCE', `Refund ${request.reference} was made for another amount`, [
      { field: 'reference', code: 'DUPLICATE_REFERENCE', message: 'This reference already names a refund of another amount' },
    ]);
  }
  return toRefundResponse(repeated, payment, payment.refundedAmount);
}

interface ReadForRefund {
  payment: Payment;
  /** The version of the payment's row that was read (its xmin): any write to the row changes it. */
  version: string;
  /** The refund already made under the request's reference. */
  earlier: Refund | null;
  /** The payment's PROCESSING refunds, in minor units. */
  inFlight: number;
}

// Without a reference the join compares with null, which matches no refund.
const readForRefundQuery = preparedQuery((db) =>
  db
    .select({
      payment: payments,
      version: sql<string>`${payments}.xmin::text`,
      earlier: refunds,
      inFlight: sql<number>`(select coalesce(sum(r.amount), 0)::bigint from ${refunds} r where r.payment_id = ${payments.id} and r.status = 'PROCESSING')`.mapWith(Number),
    })
    .from(payments)
    .leftJoin(refunds, and(eq(refunds.paymentId, payments.id), eq(refunds.reference, sql`${sql.placeholder('reference')}::text`)))
    .where(and(eq(payments.id, sql.placeholder('paymentId')), eq(payments.merchantId, sql.placeholder('merchantId'))))
    .prepare('read_for_refund'));

/** The merchant's payment with what a refund checks of its refunds, in one statement. */
async function readForRefund(db: Database, merchant: Merchant, paymentId: string, reference: string | undefined): Promise<ReadForRefund> {
  if (!isUuid(paymentId)) throw paymentNotFound();
  const read = firstRow(await readForRefundQuery(db).execute({ paymentId, merchantId: merchant.id, reference: reference ?? null }));
  if (!read) throw paymentNotFound();
  return read;
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

// A decline credits nothing but still writes the payment row, so that a refund that read the row
// before it finds the version changed and reads this one's reference (refundInSandbox).
const sandboxRefundStatement = preparedSql('record_sandbox_refund', sql`
  with credited as (
    update ${payments} set refunded_amount = refunded_amount + ${sql.placeholder('credited')}::bigint
    where ${payments.id} = ${sql.placeholder('paymentId')}::uuid and ${payments}.xmin = ${sql.placeholder('version')}::xid
    returning ${payments.id}
  ), written as (
    insert into ${refunds} (${sql.join(sandboxRefundColumns.map((key) => sql.identifier(refunds[key].name)), sql`, `)})
    select ${sql.join(sandboxRefundColumns.map((key) => columnPlaceholder(refunds[key], key)), sql`, `)} from credited
    returning id
  ), ${eventWrites(sql`written`)}
  select (select count(*)::integer from written) as written, n from fanned`);

/**
 * Writes a refund the sandbox bank has answered onto the payment's row as read (`version`): the
 * refund row, the payment's refunded total and the refund.succeeded / refund.failed event with the
 * event endpoints' deliveries, in one statement. The rows are assembled here from what was written,
 * not read back. Null, with nothing written, when the row has changed since.
 */
async function recordSandboxRefund(db: Database, read: Payment, version: string, refund: Refund): Promise<{ refund: Refund; payment: Payment } | null> {
  const credited = refund.status === 'SUCCESS' ? refund.amount : 0;
  const payment: Payment = { ...read, refundedAmount: read.refundedAmount + credited };
  const event = {
    id: newId('evt'),
    createdAt: new Date(),
    merchantId: refund.merchantId,
    type: refund.status === 'SUCCESS' ? ('refund.succeeded' as const) : ('refund.failed' as const),
    paymentId: refund.paymentId,
    data: toRefundResponse(refund, payment, payment.refundedAmount),
  };
  const result = await sandboxRefundStatement(db, { ...placeholderValues(refund, sandboxRefundColumns), credited, version, ...eventValues(event) });
  const counts = firstRow((result as { rows: { written: number | string }[] }).rows);
  if (Number(counts?.written ?? 0) !== 1) return null;
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
    const answer = await askBankToRefund(acquirer, refund, payment, 'first');
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
async function askBankToRefund(acquirer: Acquirer, refund: Refund, payment: Payment, attempt: 'first' | 'resend'): Promise<ReversalResult | null> {
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
