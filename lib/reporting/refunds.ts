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

function filters(merchantId: string, query: RefundListQuery): SQL {
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
async function refundsPage({
  db,
  merchant,
  query,
  cursor,
  limit,
}: {
  db: Database;
  merchant: Pick<Merchant, 'id'>;
  query: RefundListQuery;
  cursor: string | null;
  limit: number;
}): Promise<{ rows: { refund: Refund; payment: Payment }[]; nextCursor: string | null }> {
  const after = cursor ? decodeCursor(cursor) : null;
  const position = after
    ? sql`(${refunds.createdAt}, ${refunds.id}) < (timestamptz 'epoch' + ${after.createdMicros.toString()}::bigint * interval '1 microsecond', ${after.id}::uuid)`
    : undefined;
  const found = await db
    .select({ refund: refunds, payment: payments, createdMicros })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(and(filters(merchant.id, query), position))
    .orderBy(desc(refunds.createdAt), desc(refunds.id))
    .limit(limit + 1);
  const page = found.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor: found.length > limit && last ? encodeCursor({ createdMicros: BigInt(last.createdMicros), id: last.refund.id }) : null,
  };
}

const toResponse = ({ refund, payment }: { refund: Refund; payment: Payment }) => toRefundResponse(refund, payment, payment.refundedAmount);

/** GET /api/refunds: a JSON page, or with `csv` every matching refund as a streamed CSV export. */
export async function listRefundsPage(options: { db: Database; merchant: Pick<Merchant, 'id'>; query: RefundListQuery; csv: boolean }) {
  const { db, merchant, query } = options;
  if (options.csv) {
    const header = Object.keys(refundSchema.shape) as (keyof RefundResponse)[];
    if (query.cursor) decodeCursor(query.cursor);
    return csvResponse({
      filename: 'refunds.csv',
      header,
      toCells: (row: { refund: Refund; payment: Payment }) => {
        const body = toResponse(row);
        return header.map((field) => body[field]);
      },
      nextPage: (cursor) => refundsPage({ db, merchant, query, cursor: cursor ?? query.cursor ?? null, limit: CSV_PAGE_ROWS }),
    });
  }
  const page = await refundsPage({ db, merchant, query, cursor: query.cursor ?? null, limit: query.limit });
  return { data: page.rows.map(toResponse), nextCursor: page.nextCursor };
}
