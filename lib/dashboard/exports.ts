import { and, count, desc, eq, gte, like, lt, sql, type SQL } from 'drizzle-orm';
import { checkoutUrl } from '../checkout/create';
import { checkoutListStatus, paymentFilters } from './queries';
import type { Database } from '../db/client';
import { checkouts, refunds, type Checkout } from '../db/schema';
import { toMajorUnits } from '../money';
import type { CheckoutListQuery, PaymentListQuery, RefundListQuery } from '../schemas/dashboard-forms';
import { PAGE_SIZE } from '../schemas/dashboard-forms';
import { csvResponse } from '../reporting/csv';
import { decodeCursor, encodeCursor } from '../reporting/cursor';
import { paymentsCsv } from '../reporting/payments';
import { refundsCsv, refundsPage, toListedRefund } from '../reporting/refunds';
import { allOf } from '../db/where';
import { firstRow } from '../rows';

/**
 * The dashboard's Export CSV: every row the list's current filters select (not only the page shown),
 * as the API's CSV export streams them. Filters are the dashboard's (UTC days, order id prefix).
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const CSV_PAGE_ROWS = 500;
const dayStart = (day: string) => new Date(`${day}T00:00:00Z`);
const dayAfter = (day: string) => new Date(dayStart(day).getTime() + DAY_MS);
const likePrefix = (value: string) => `${value.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

/** Export CSV of the payments list. */
export function exportPaymentsCsv({ db, merchantId, query }: { db: Database; merchantId: string; query: Omit<PaymentListQuery, 'page'> }) {
  return paymentsCsv({ db, where: paymentFilters(merchantId, query) });
}

function refundFilters(merchantId: string, query: Omit<RefundListQuery, 'page'>): SQL {
  return allOf(
    eq(refunds.merchantId, merchantId),
    query.status ? eq(refunds.status, query.status === 'PENDING' ? 'PROCESSING' : query.status) : undefined,
    query.from ? gte(refunds.createdAt, dayStart(query.from)) : undefined,
    query.to ? lt(refunds.createdAt, dayAfter(query.to)) : undefined,
  );
}

/** The refunds list: the merchant's refunds, newest first, PAGE_SIZE a page, as the API reports them. */
export async function listDashboardRefunds({ db, merchantId, query }: { db: Database; merchantId: string; query: RefundListQuery }) {
  const where = refundFilters(merchantId, query);
  const [page, totals] = await Promise.all([
    refundsPage({ db, where, cursor: null, limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE }),
    db.select({ count: count() }).from(refunds).where(where),
  ]);
  const totalRows = firstRow(totals)?.count ?? 0;
  return {
    rows: page.rows.map(toListedRefund),
    total: totalRows,
    page: query.page,
    pageSize: PAGE_SIZE,
    pageCount: Math.max(1, Math.ceil(totalRows / PAGE_SIZE)),
  };
}

/** Export CSV of the refunds list. */
export function exportRefundsCsv({ db, merchantId, query }: { db: Database; merchantId: string; query: Omit<RefundListQuery, 'page'> }) {
  return refundsCsv({ db, where: refundFilters(merchantId, query) });
}

const CHECKOUT_COLUMNS = [
  'checkoutId',
  'orderId',
  'status',
  'amount',
  'currency',
  'description',
  'customerId',
  'maxInstallmentCount',
  'interestPaidByCustomer',
  'failedAttempts',
  'paymentId',
  'createdAt',
  'expiresAt',
  'redirectUrl',
] as const;

const checkoutCreatedMicros = sql<string>`(extract(epoch from ${checkouts.createdAt}) * 1000000)::bigint::text`;

/**
 * Export CSV of the checkout links list: one row per link with the list's status (PENDING, PAID,
 * FAILED, EXPIRED, CLOSED), amounts in major units, times in ISO 8601; paged by keyset like payments.
 */
export function exportCheckoutsCsv({ db, merchantId, query }: { db: Database; merchantId: string; query: Omit<CheckoutListQuery, 'page'> }) {
  const where = and(
    eq(checkouts.merchantId, merchantId),
    query.status ? eq(checkoutListStatus, query.status) : undefined,
    query.orderId ? like(checkouts.orderId, likePrefix(query.orderId)) : undefined,
  );
  return csvResponse({
    filename: 'checkouts.csv',
    header: CHECKOUT_COLUMNS,
    toCells: ({ checkout, listStatus }: { checkout: Checkout; listStatus: string }) => [
      checkout.id,
      checkout.orderId,
      listStatus,
      toMajorUnits(checkout.amount, checkout.currency),
      checkout.currency,
      checkout.description,
      checkout.customerId,
      checkout.maxInstallmentCount,
      checkout.interestPaidByCustomer,
      checkout.failedAttempts,
      checkout.latestPaymentId,
      checkout.createdAt.toISOString(),
      checkout.expiresAt.toISOString(),
      checkoutUrl(checkout.id),
    ],
    nextPage: async (cursor) => {
      const after = cursor ? decodeCursor(cursor) : null;
      const position = after
        ? sql`(${checkouts.createdAt}, ${checkouts.id}) < (timestamptz 'epoch' + ${after.createdMicros.toString()}::bigint * interval '1 microsecond', ${after.id}::uuid)`
        : undefined;
      const found = await db
        .select({ checkout: checkouts, listStatus: checkoutListStatus, createdMicros: checkoutCreatedMicros })
        .from(checkouts)
        .where(and(where, position))
        .orderBy(desc(checkouts.createdAt), desc(checkouts.id))
        .limit(CSV_PAGE_ROWS + 1);
      const rows = found.slice(0, CSV_PAGE_ROWS);
      const last = rows.at(-1);
      return {
        rows,
        nextCursor: found.length > CSV_PAGE_ROWS && last ? encodeCursor({ createdMicros: BigInt(last.createdMicros), id: last.checkout.id }) : null,
      };
    },
  });
}
