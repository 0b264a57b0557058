import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { newId } from '../crypto';
import { eventValues, eventWrites, fannedOut, nudgeSoon } from '../notifications/record';
import { columnPlaceholder, placeholderValues, preparedQuery, preparedSql } from '../db/prepared';
import { settledPaymentEventType } from './events';
import { toApiPaymentResponse } from './response';
import { bankAccounts, payments, type NewPayment, type Payment } from '../db/schema';
import { present } from '../errors';
import { firstRow } from '../rows';

/**
 * The two writes of every direct payment, as prepared statements: building Drizzle queries and
 * mapping RETURNING * rows cost more than the writes themselves on the embedded store, and every
 * query on the payment path counts (README, Performance). The caller knows every column it wrote,
 * so the row is assembled here instead of read back.
 */
const reservedColumns = [
  'id', 'merchantId', 'orderId', 'transactionType', 'status', 'currency', 'amount', 'installmentCount',
  'interestAmount', 'cardHolderName', 'panMasked', 'panBin', 'panLast4', 'panFingerprint', 'domInt',
  'cardScheme', 'cardType', 'loyaltyCode', 'customerId', 'requestIp', 'requestPort', 'processingStartedAt', 'bankAccountId',
] as const satisfies readonly (keyof NewPayment)[];

export type ReservedPayment = Pick<Payment, (typeof reservedColumns)[number]>;

const settledColumns = [
  'status', 'authorizedAmount', 'capturedAmount', 'merchantCommission', 'authCode', 'externalTransactionId',
  'resultCode', 'resultMessage', 'authorizationExpiresAt',
] as const satisfies readonly (keyof Payment)[];

export type PaymentSettlement = Pick<Payment, (typeof settledColumns)[number]>;

const placeholders = (keys: readonly string[]) =>
  Object.fromEntries(keys.map((key) => [key, sql.placeholder(key)])) as never;

const statements = preparedQuery((db) => ({
  reserve: db
    .insert(payments)
    .values(placeholders(reservedColumns))
    .onConflictDoNothing()
    .returning({ createdAt: payments.createdAt })
    .prepare('reserve_payment'),
  // Only a payment still PROCESSING is settled: one the recovery job already failed stays failed.
  settle: db
    .update(payments)
    // A nullable timestamp placeholder trips Drizzle's date mapping on null: this one goes as ISO text.
    .set({ ...(placeholders(settledColumns) as object), authorizationExpiresAt: sql`${sql.placeholder('authorizationExpiresAt')}::timestamptz` })
    .where(and(eq(payments.id, sql.placeholder('id')), eq(payments.status, 'PROCESSING')))
    .returning({ id: payments.id })
    .prepare('settle_payment'),
}));

/** Inserts the payment unless its orderId is already held; returns its creation time, or null. */
export async function reservePayment(db: Database, row: ReservedPayment): Promise<Date | null> {
  const inserted = firstRow(await statements(db).reserve.execute(row));
  return inserted ? inserted.createdAt : null;
}

const paymentPlaceholder = (key: keyof Payment) => columnPlaceholder(payments[key], key);

const captureColumns = ['capturedAmount', 'capturedAt', 'merchantCommission'] as const satisfies readonly (keyof Payment)[];

const captureStatement = preparedSql('capture_payment', sql`
  with captured as (
    update ${payments}
    set captured_amount = ${paymentPlaceholder('capturedAmount')}, captured_at = ${paymentPlaceholder('capturedAt')},
      merchant_commission = ${paymentPlaceholder('merchantCommission')}
    where ${payments.id} = ${sql.placeholder('id')}::uuid and ${payments.status} = 'SUCCESS' and ${payments.capturedAmount} is null
      and ${payments.bankOperation} is null
    returning ${payments.id}
  ), ${eventWrites(sql`captured`)}
  select (select count(*)::integer from captured) as captured, n from fanned`);

/**
 * Records a capture of a payment still approved, uncaptured and with no bank operation open, and its
 * payment.captured event with the event endpoints' deliveries, in one statement; null when the
 * payment is no longer so (a concurrent capture, cancel or expiry won). A capture changes nothing
 * else on the row, so the captured row is the one read with these columns set: assembled here.
 */
export async function capturePayment(
  db: Database,
  read: Payment,
  capture: Pick<Payment, 'capturedAmount' | 'capturedAt' | 'merchantCommission'>,
): Promise<Payment | null> {
  const row: Payment = { ...read, ...capture };
  const event = {
    id: newId('evt'),
    createdAt: new Date(),
    merchantId: row.merchantId,
    type: 'payment.captured' as const,
    paymentId: row.id,
    checkoutId: row.checkoutId,
    data: toApiPaymentResponse(row),
  };
  const result = await captureStatement(db, { id: row.id, ...placeholderValues(capture, captureColumns), ...eventValues(event) });
  const counts = firstRow((result as { rows: { captured: number | string }[] }).rows);
  if (Number(counts?.captured ?? 0) !== 1) return null;
  if (fannedOut(result) > 0) nudgeSoon();
  return row;
}

const settleStatement = preparedSql('settle_payment_with_event', sql`
  with settled as (
    update ${payments}
    set ${sql.join(settledColumns.map((key) => sql`${sql.identifier(payments[key].name)} = ${paymentPlaceholder(key)}`), sql`, `)}
    where ${payments.id} = ${sql.placeholder('id')}::uuid and ${payments.status} = 'PROCESSING' returning ${payments.id}
  ), ${eventWrites(sql`settled`)}
  select (select count(*)::integer from settled) as settled, n from fanned`);

/**
 * Writes the bank's answer onto a reserved payment and returns the whole row, or null when the
 * payment is no longer PROCESSING (the recovery job settled it as interrupted in the meantime).
 * The same statement records its payment.succeeded / payment.failed event and fans it out to the
 * merchant's event endpoints, so a merchant without endpoints pays no extra round trip.
 */
export async function settlePayment(
  db: Database,
  reserved: ReservedPayment & { createdAt: Date },
  settlement: PaymentSettlement,
): Promise<Payment | null> {
  const row = settledRow(reserved, settlement);
  const type = settledPaymentEventType(row);
  if (!type) {
    const settled = firstRow(await statements(db).settle.execute({
      ...settlement,
      authorizationExpiresAt: settlement.authorizationExpiresAt?.toISOString() ?? null,
      id: reserved.id,
    }));
    return settled ? row : null;
  }
  const event = { id: newId('evt'), createdAt: new Date(), merchantId: row.merchantId, type, paymentId: row.id, data: toApiPaymentResponse(row) };
  const result = await settleStatement(db, { id: reserved.id, ...placeholderValues(settlement, settledColumns), ...eventValues(event) });
  const counts = firstRow((result as { rows: { settled: number | string }[] }).rows);
  if (fannedOut(result) > 0) nudgeSoon();
  return Number(counts?.settled ?? 0) > 0 ? row : null;
}

/** A direct payment as its settlement leaves it: nothing captured separately, cancelled or refunded yet. */
function settledRow(reserved: ReservedPayment & { createdAt: Date }, settlement: PaymentSettlement): Payment {
  return {
    ...reserved,
    ...settlement,
    checkoutId: null,
    capturedAt: null,
    cancelledAt: null,
    cancelReason: null,
    refundedAmount: 0,
    bankOperation: null,
    bankOperationAmount: null,
    bankOperationStartedAt: null,
  };
}

/** What writeSandboxPayment did: `routed` means the merchant has a bank account, so the sandbox may not take its payments. */
export type SandboxWrite = { written: true; payment: Payment } | { written: false; reason: 'duplicate-order' | 'routed' };

// A settled payment's columns: status is in both lists, and settled last.
const writtenColumns = [...reservedColumns.filter((key) => key !== 'status'), ...settledColumns, 'createdAt'] as const satisfies readonly (keyof Payment)[];

const sandboxPaymentStatement = preparedSql('write_sandbox_payment', sql`
  with routed as (
    select exists (select 1 from ${bankAccounts} where ${bankAccounts.merchantId} = ${sql.placeholder('merchantId')}::text) as routed
  ), written as (
    insert into ${payments} (${sql.join(writtenColumns.map((key) => sql.identifier(payments[key].name)), sql`, `)})
    select ${sql.join(writtenColumns.map(paymentPlaceholder), sql`, `)} from routed
    -- The predicate of payments_live_order_idx: an orderId held by a live payment.
    where not routed.routed and not exists (
      select 1 from ${payments} where ${payments.merchantId} = ${sql.placeholder('merchantId')}::text
        and ${payments.orderId} = ${sql.placeholder('orderId')}::text and ${payments.status} in ('PROCESSING', 'SUCCESS', 'ENROLLED'))
    on conflict do nothing
    returning ${payments.id}
  ), ${eventWrites(sql`written`)}
  select (select routed from routed) as routed, (select count(*)::integer from written) as written, n from fanned`);

/**
 * Writes a payment the sandbox bank has already answered, whole, with its payment.succeeded /
 * payment.failed event and deliveries, in one statement. The sandbox answers in process and moves
 * no money, so there is nothing to reserve before asking it (a real bank's payment is reserved
 * first: reservePayment). The same statement checks what routeCard would: a merchant with a bank
 * account has its payments taken by that bank, never by the sandbox, so then nothing is written.
 * An orderId held by a live payment writes nothing either, whatever the sandbox answered.
 */
export async function writeSandboxPayment(
  db: Database,
  columns: ReservedPayment,
  settlement: PaymentSettlement,
): Promise<SandboxWrite> {
  const row = settledRow({ ...columns, createdAt: new Date() }, settlement);
  const type = present(settledPaymentEventType(row), 'the event of a settled payment');
  const event = { id: newId('evt'), createdAt: row.createdAt, merchantId: row.merchantId, type, paymentId: row.id, data: toApiPaymentResponse(row) };
  const result = await sandboxPaymentStatement(db, { ...placeholderValues(row, writtenColumns), ...eventValues(event) });
  const counts = firstRow((result as { rows: { routed: boolean; written: number | string }[] }).rows);
  if (Number(counts?.written ?? 0) === 1) {
    if (fannedOut(result) > 0) nudgeSoon();
    return { written: true, payment: row };
  }
  return { written: false, reason: counts?.routed ? 'routed' : 'duplicate-order' };
}
