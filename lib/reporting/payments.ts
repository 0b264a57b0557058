import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import { allOf } from '../db/where';
import type { Database } from '../db/client';
import { payments, type Merchant, type Payment } from '../db/schema';
import { parseAmount } from '../money';
import { toApiPaymentResponse } from '../payments/response';
import { apiPaymentResponseSchema, type ApiPaymentResponse } from '../schemas/payment';
import type { PaymentListQuery } from '../schemas/reporting';
import { csvResponse } from './csv';
import { decodeCursor, encodeCursor } from './cursor';

/** Rows per page of a CSV export: bounds the memory an export holds, whatever its size. */
const CSV_PAGE_ROWS = 500;

const createdMicros = sql<string>`(extract(epoch from ${payments.createdAt}) * 1000000)::bigint::text`;

function filters(merchantId: string, query: PaymentListQuery): SQL {
  const conditions: [SQL, ...(SQL | undefined)[]] = [eq(payments.merchantId, merchantId)];
  // PENDING is how an authorization still in flight at the bank is reported (toApiPaymentResponse).
  if (query.status) conditions.push(eq(payments.status, (query.status === 'PENDING' ? 'PROCESSING' : query.status)));
  if (query.orderId) conditions.push(eq(payments.orderId, query.orderId));
  if (query.customerId) conditions.push(eq(payments.customerId, query.customerId));
  if (query.last4) conditions.push(eq(payments.panLast4, query.last4));
  if (query.currency) conditions.push(eq(payments.currency, query.currency));
  if (query.installmentCount) conditions.push(eq(payments.installmentCount, query.installmentCount));
  if (query.refundStatus === 'NOT_REFUNDED') conditions.push(eq(payments.refundedAmount, 0));
  if (query.refundStatus === 'PARTIALLY_REFUNDED') conditions.push(sql`${payments.refundedAmount} > 0 and ${payments.refundedAmount} < coalesce(${payments.capturedAmount}, 0)`);
  if (query.refundStatus === 'FULLY_REFUNDED') conditions.push(sql`${payments.refundedAmount} > 0 and ${payments.refundedAmount} >= ${payments.capturedAmount}`);
  if (query.createdFrom) conditions.push(gte(payments.createdAt, new Date(query.createdFrom)));
  if (query.createdTo) conditions.push(lt(payments.createdAt, new Date(query.createdTo)));
  // The schema has checked both against the currency, so they parse; the order amount is compared,
  // as `amount` reports it (the captured amount once a pre-authorization is captured).
  const reported = sql`coalesce(${payments.capturedAmount}, ${payments.amount})`;
  const currency = query.currency;
  const minor = (major: number) => {
    if (currency === undefined) throw new Error('paymentReportFilters: an amount filter without a currency');
    return (parseAmount(major, currency) as { minor: number }).minor;
  };
  if (query.minAmount !== undefined) conditions.push(gte(reported, minor(query.minAmount)));
  if (query.maxAmount !== undefined) conditions.push(lte(reported, minor(query.maxAmount)));
  return allOf(...conditions);
}

/**
 * One page of the merchant's payments, newest first, by keyset on (created_at, id): rows inserted
 * while a merchant pages are newer than every cursor, so no row is skipped or repeated.
 */
export async function listPaymentsPage({
  db,
  merchant,
  query,
  cursor = query.cursor ?? null,
  limit = query.limit,
}: {
  db: Database;
  merchant: Pick<Merchant, 'id'>;
  query: PaymentListQuery;
  cursor?: string | null;
  limit?: number;
}): Promise<{ rows: Payment[]; nextCursor: string | null }> {
  return paymentsPage({ db, where: filters(merchant.id, query), cursor, limit });
}

/** A keyset page of the payments `where` selects (which must scope them to one merchant). */
async function paymentsPage({ db, where, cursor, limit }: { db: Database; where: SQL; cursor: string | null; limit: number }) {
  const after = cursor ? decodeCursor(cursor) : null;
  const position = after
    ? sql`(${payments.createdAt}, ${payments.id}) < (timestamptz 'epoch' + ${after.createdMicros.toString()}::bigint * interval '1 microsecond', ${after.id}::uuid)`
    : undefined;
  const found = await db
    .select({ payment: payments, createdMicros })
    .from(payments)
    .where(and(where, position))
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(limit + 1);
  const page = found.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map((row) => row.payment),
    nextCursor: found.length > limit && last ? encodeCursor({ createdMicros: BigInt(last.createdMicros), id: last.payment.id }) : null,
  };
}

/**
 * Every payment `where` selects (scoped to one merchant), from `cursor` on, as a streamed CSV: one
 * column per ApiPaymentResponse field, CSV_PAGE_ROWS rows read at a time. The API's export and the
 * dashboard's Export CSV (with the dashboard's filters) both answer this.
 */
export function paymentsCsv({ db, where, cursor = null, filename = 'payments.csv' }: { db: Database; where: SQL; cursor?: string | null; filename?: string }) {
  const header = Object.keys(apiPaymentResponseSchema.shape) as (keyof ApiPaymentResponse)[];
  if (cursor) decodeCursor(cursor);
  return csvResponse({
    filename,
    header,
    toCells: (payment: Payment) => {
      const body = toApiPaymentResponse(payment);
      return header.map((field) => body[field]);
    },
    nextPage: (next) => paymentsPage({ db, where, cursor: next ?? cursor, limit: CSV_PAGE_ROWS }),
  });
}

/** GET /api/payments: a JSON page, or with `csv` every matching payment as a streamed CSV export. */
export async function listPayments(options: { db: Database; merchant: Pick<Merchant, 'id'>; query: PaymentListQuery; csv: boolean }) {
  const { db, merchant, query } = options;
  if (options.csv) return paymentsCsv({ db, where: filters(merchant.id, query), cursor: query.cursor ?? null });
  const page = await listPaymentsPage({ db, merchant, query });
  return { data: page.rows.map(toApiPaymentResponse), nextCursor: page.nextCursor };
}
