import { and, eq, gte, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { payments, refunds } from '../db/schema';

/** One UTC day of the dashboard's overview, in minor units of its currency. */
export interface OverviewDay {
  /** `YYYY-MM-DD` (UTC, as every dashboard page counts days). */
  day: string;
  salesMinor: number;
  /** Approved payments whose money moved (sales, captured pre-authorizations). */
  salesCount: number;
  refundsMinor: number;
  netMinor: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The last `days` UTC days (today included) of one currency: what was charged to cards each day, what
 * was refunded (successful refunds, on the day they were made), and the difference. Days without
 * payments are there with zeros, so a chart has no gaps.
 */
export async function dailyOverview({
  db,
  merchantId,
  currency,
  days = 30,
  now = new Date(),
}: {
  db: Database;
  merchantId: string;
  currency: string;
  days?: number;
  now?: Date;
}): Promise<OverviewDay[]> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (days - 1) * DAY_MS);
  const day = sql<string>`to_char(${payments.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  // What the card was charged: a sale's total; a pre-authorization once captured, what was captured.
  const charged = sql`case when ${payments.transactionType} = 'SALE' then ${payments.amount} + ${payments.interestAmount} else ${payments.capturedAmount} end`;
  const rows = await db
    .select({ day, salesMinor: sql<string>`coalesce(sum(${charged}), 0)::text`, salesCount: sql<number>`count(${charged})::int` })
    .from(payments)
    .where(and(eq(payments.merchantId, merchantId), eq(payments.currency, currency), eq(payments.status, 'SUCCESS'), gte(payments.createdAt, since)))
    .groupBy(day);
  // Refunds count on the day the money went back (a refund of an older sale lowers today's net).
  const refundDay = sql<string>`to_char(${refunds.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const refundRows = await db
    .select({ day: refundDay, refundsMinor: sql<string>`coalesce(sum(${refunds.amount}), 0)::text` })
    .from(refunds)
    .where(and(eq(refunds.merchantId, merchantId), eq(refunds.currency, currency), eq(refunds.status, 'SUCCESS'), gte(refunds.createdAt, since)))
    .groupBy(refundDay);
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const refundsByDay = new Map(refundRows.map((row) => [row.day, Number(row.refundsMinor)]));
  return Array.from({ length: days }, (_, index) => {
    const key = new Date(since.getTime() + index * DAY_MS).toISOString().slice(0, 10);
    const found = byDay.get(key);
    const salesMinor = found ? Number(found.salesMinor) : 0;
    const refundsMinor = refundsByDay.get(key) ?? 0;
    return { day: key, salesMinor, salesCount: found?.salesCount ?? 0, refundsMinor, netMinor: salesMinor - refundsMinor };
  });
}
