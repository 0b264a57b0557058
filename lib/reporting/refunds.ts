import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { allOf } from '../db/where';
import type { Database } from '../db/client';
import { payments, refunds, type Merchant, type Payment, type Refund } from '../db/schema';
import { toRefundResponse } from '../payments/refund';
import { refundSchema, type RefundResponse } from '../schemas/refund';
import type { RefundListQuery } from '../schemas/reporting';
import { csvResponse } from './csv';
import { decodeCursor, encodeCursor } from './cursor';

/** Rows per page of a CSV export: bounds the memory an export holds, whatever its size. */
const CSV_PAGE_ROWS = 500;

const createdMicros = sql<string>`(extract(epoch from ${refunds.createdAt}) * 1000000)::bigint::text`;

/** The API's refund filters (reference §12), scoped to the merchant. */
export function refundFilters(merchantId: string, query: Pick<RefundListQuery, 'paymentId' | 'status' | 'createdFrom' | 'createdTo'>): SQL {
  const conditions: [SQL, ...(SQL | undefined)[]] = [eq(refunds.merchantId, merchantId)];
  if (query.paymentId) conditions.push(eq(refunds.paymentId, query.paymentId));
  // PENDING is how a refund still at the bank is reported (toRefundResponse).
  if (query.status) conditions.push(eq(refunds.status, query.status === 'PENDING' ? 'PROCESSING' : query.status));
  if (query.createdFrom) conditions.push(gte(refunds.createdAt, new Date(query.createdFrom)));
  if (query.createdTo) conditions.push(lt(refunds.createdAt, new Date(query.createdTo)));
  return allOf(...conditions);
}

/**
 * One page of the merchant's refunds, newest first, by keyset on (created_at, id) like payments. A
 * listed refund reports its payment's totals as they stand now (GET /api/payment/{id}/refunds gives
 * the running totals refund by refund).
 */
export async function refundsPage({
  db,
  where,
  cursor,
  limit,
  offset = 0,
}: {
  db: Database;
  /** Which refunds (scoped to one merchant): refundFilters, or the dashboard's. */
  where: SQL;
  cursor: string | null;
  limit: number;
  /** Rows to pass over first (the dashboard's numbered pages; the API pages by cursor only). */
  offset?: number;
}): Promise<{ rows: { refund: Refund; payment: Payment }[]; nextCursor: string | null }> {
  const after = cursor ? decodeCursor(cursor) : null;
  const position = after
    ? sql`(${refunds.createdAt}, ${refunds.id}) < (timestamptz 'epoch' + ${after.createdMicros.toString()}::bigint * interval '1 microsecond', ${after.id}::uuid)`
    : undefined;
  const found = await db
    .select({ refund: refunds, payment: payments, createdMicros })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(and(where, position))
    .orderBy(desc(refunds.createdAt), desc(refunds.id))
    .limit(limit + 1)
    .offset(offset);
  const page = found.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor: found.length > limit && last ? encodeCursor({ createdMicros: BigInt(last.createdMicros), id: last.refund.id }) : null,
  };
}

/** A listed refund, with its payment's totals as they stand now. */
export const toListedRefund = ({ refund, payment }: { refund: Refund; payment: Payment }) => toRefundResponse(refund, payment, payment.refundedAmount);

/** Every refund `where` selects (scoped to one merchant) as a streamed CSV, one column per Refund field. */
export function refundsCsv({ db, where, cursor = null, filename = 'refunds.csv' }: { db: Database; where: SQL; cursor?: string | null; filename?: string }) {
  const header = Object.keys(refundSchema.shape) as (keyof RefundResponse)[];
  if (cursor) decodeCursor(cursor);
  return csvResponse({
    filename,
    header,
    toCells: (row: { refund: Refund; payment: Payment }) => {
      const body = toListedRefund(row);
      return header.map((field) => body[field]);
    },
    nextPage: (next) => refundsPage({ db, where, cursor: next ?? cursor, limit: CSV_PAGE_ROWS }),
  });
}

/** GET /api/refunds: a JSON page, or with `csv` every matching refund as a streamed CSV export. */
export async function listRefundsPage(options: { db: Database; merchant: Pick<Merchant, 'id'>; query: RefundListQuery; csv: boolean }) {
  const { db, merchant, query } = options;
  const where = refundFilters(merchant.id, query);
  if (options.csv) return refundsCsv({ db, where, cursor: query.cursor ?? null });
  const page = await refundsPage({ db, where, cursor: query.cursor ?? null, limit: query.limit });
  return { data: page.rows.map(toListedRefund), nextCursor: page.nextCursor };
}
