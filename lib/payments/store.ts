import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { newId } from '../crypto';
import { eventWrites, fannedOut, nudgeSoon } from '../notifications/record';
import { settledPaymentEventType } from './events';
import { toApiPaymentResponse } from './response';
import { payments, type NewPayment, type Payment } from '../db/schema';
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

function prepare(db: Database) {
  return {
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
  };
}

const prepared = new WeakMap<Database, ReturnType<typeof prepare>>();
const statements = (db: Database) => {
  let found = prepared.get(db);
  if (!found) prepared.set(db, (found = prepare(db)));
  return found;
};

/** Inserts the payment unless its orderId is already held; returns its creation time, or null. */
export async function reservePayment(db: Database, row: ReservedPayment): Promise<Date | null> {
  const inserted = firstRow(await statements(db).reserve.execute(row));
  return inserted ? inserted.createdAt : null;
}

/**
 * Records a capture on a payment the caller's transaction has locked (lockPayment), and its
 * payment.captured event with the event endpoints' deliveries, in one statement. The row is locked,
 * so the captured row is the locked one with these columns set: it is assembled here, not read back.
 */
export async function capturePayment(
  tx: Database,
  locked: Payment,
  capture: Pick<Payment, 'capturedAmount' | 'capturedAt' | 'merchantCommission'>,
): Promise<Payment> {
  const row: Payment = { ...locked, ...capture };
  const event = {
    id: newId('evt'),
    createdAt: new Date(),
    merchantId: row.merchantId,
    type: 'payment.captured' as const,
    paymentId: row.id,
    checkoutId: row.checkoutId,
    data: toApiPaymentResponse(row),
  };
  const result = await tx.execute(sql`
    with captured as (
      update ${payments}
      set captured_amount = ${capture.capturedAmount}, captured_at = ${capture.capturedAt?.toISOString() ?? null}::timestamptz,
        merchant_commission = ${capture.merchantCommission}
      where ${payments.id} = ${row.id} returning ${payments.id}
    ), ${eventWrites(event, sql`captured`)}
    select (select count(*)::integer from captured) as captured, n from fanned`);
  const counts = firstRow((result as { rows: { captured: number | string }[] }).rows);
  if (Number(counts?.captured ?? 0) !== 1) throw new Error(`capture of payment ${row.id} updated no row`);
  if (fannedOut(result) > 0) nudgeSoon();
  return row;
}

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
  const row: Payment = {
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
  const type = settledPaymentEventType(row);
  if (!type) {
    const settled = firstRow(await statements(db).settle.execute({
      ...settlement,
      authorizationExpiresAt: settlement.authorizationExpiresAt?.toISOString() ?? null,
      id: reserved.id,
    }));
    return settled ? row : null;
  }
  const assignments = sql.join(
    settledColumns.map((key) => {
      const value = settlement[key];
      return sql`${sql.identifier(payments[key].name)} = ${value instanceof Date ? value.toISOString() : value}`;
    }),
    sql`, `,
  );
  const event = { id: newId('evt'), createdAt: new Date(), merchantId: row.merchantId, type, paymentId: row.id, data: toApiPaymentResponse(row) };
  const result = await db.execute(sql`
    with settled as (
      update ${payments} set ${assignments} where ${payments.id} = ${reserved.id} and ${payments.status} = 'PROCESSING' returning ${payments.id}
    ), ${eventWrites(event, sql`settled`)}
    select (select count(*)::integer from settled) as settled, n from fanned`);
  const counts = firstRow((result as { rows: { settled: number | string }[] }).rows);
  if (fannedOut(result) > 0) nudgeSoon();
  return Number(counts?.settled ?? 0) > 0 ? row : null;
}
