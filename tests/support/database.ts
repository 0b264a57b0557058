/**
 * Direct reads (and the odd write) on a PostgreSQL backend's database, for what the API cannot show:
 * card data at rest and states that take too long to reach by waiting (an expired enrollment).
 * PGlite's store is locked by its server, so these work on the postgres backend only.
 */
import pg from 'pg';
import type { Backend, MerchantCredentials } from './context';
import { createMerchant } from './processes';
import { firstRow } from '../../lib/rows';

export async function sql<Row extends Record<string, unknown>>(backend: Backend, text: string, params: unknown[] = []): Promise<Row[]> {
  if (!backend.databaseUrl) throw new Error(`The ${backend.name} backend has no database to query directly`);
  const client = new pg.Client({ connectionString: backend.databaseUrl });
  await client.connect();
  try {
    return (await client.query<Row>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** The payment's row in card_vault, if any. */
export async function vaultRow(backend: Backend, paymentId: string): Promise<{ payment_id: string; sealed_card: string; row: string } | undefined> {
  const row = firstRow(await sql<{ payment_id: string; sealed_card: string; row: string }>(
    backend,
    'SELECT payment_id::text, sealed_card, v::text AS row FROM card_vault v WHERE payment_id = $1',
    [paymentId],
  ));
  return row;
}

/** The payment's three_ds_sessions row, every column as text. */
export async function threeDsSessionRow(backend: Backend, paymentId: string): Promise<string | undefined> {
  const row = firstRow(await sql<{ row: string }>(backend, 'SELECT s::text AS row FROM three_ds_sessions s WHERE payment_id = $1', [paymentId]));
  return row?.row;
}

/** Moves an enrollment's 15-minute deadline into the past (the card_vault row keeps its own). */
export async function expireEnrollment(backend: Backend, paymentId: string): Promise<void> {
  const rows = await sql(backend, "UPDATE three_ds_sessions SET expires_at = now() - interval '1 minute' WHERE payment_id = $1 RETURNING payment_id", [
    paymentId,
  ]);
  if (rows.length !== 1) throw new Error(`no three_ds_sessions row for payment ${paymentId}`);
}

/** The checkouts columns the checkout specs look at. */
export interface CheckoutRow {
  id: string;
  order_id: string;
  status: string;
  amount: string;
  currency: string;
  max_installment_count: number;
  interest_paid_by_customer: boolean;
  /** expires_at − created_at, in seconds. */
  lifetime_seconds: number;
}

/** A merchant's checkouts rows, oldest first; only those of `orderId` when given. */
export async function checkoutRows(backend: Backend, merchantId: string, orderId?: string): Promise<CheckoutRow[]> {
  return sql<CheckoutRow & Record<string, unknown>>(
    backend,
    `SELECT id::text, order_id, status, amount::text, currency, max_installment_count, interest_paid_by_customer,
            extract(epoch FROM expires_at - created_at)::float8 AS lifetime_seconds
       FROM checkouts WHERE merchant_id = $1 AND ($2::text IS NULL OR order_id = $2) ORDER BY created_at, id`,
    [merchantId, orderId ?? null],
  );
}

/** Moves a checkout's expiry into the past, as if its expiresInMinutes had run out. */
export async function expireCheckout(backend: Backend, checkoutId: string): Promise<void> {
  const rows = await sql(backend, "UPDATE checkouts SET expires_at = now() - interval '1 minute' WHERE id = $1 RETURNING id", [checkoutId]);
  if (rows.length !== 1) throw new Error(`no checkouts row ${checkoutId}`);
}

/**
 * A merchant of its own for one spec, created in the PostgreSQL backend's database while its server
 * runs (PGlite's store is locked by its server), for counting rows no other test writes.
 */
export async function createMerchantInDatabase(backend: Backend, name: string): Promise<MerchantCredentials> {
  if (!backend.databaseUrl) throw new Error(`The ${backend.name} backend has no database to create a merchant in`);
  return createMerchant(backend.env, name);
}

/** Rows per table with a merchant_id column, for one merchant (PostgreSQL backend only; undefined on PGlite). */
export async function merchantRowCounts(backend: Backend, merchantId: string): Promise<Record<string, number> | undefined> {
  if (!backend.databaseUrl) return undefined;
  const tables = await sql<{ table_name: string }>(
    backend,
    `SELECT DISTINCT table_name FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'merchant_id' ORDER BY table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const [row] = await sql<{ n: string }>(backend, `SELECT count(*) AS n FROM "${table}" WHERE merchant_id::text = $1`, [merchantId]);
    counts[table] = Number(row.n);
  }
  return counts;
}
