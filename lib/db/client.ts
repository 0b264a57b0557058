import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { config } from '../config';
import { logger } from '../log';
import { processSingleton } from '../process-singleton';
import { lockDataDir } from './data-dir-lock';
import * as schema from './schema';

/** Either backend behind one Drizzle type: domain code never knows which store it runs on. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle has the same query API as the database. */
export type Executor = Database;

export interface Store {
  kind: 'pglite' | 'postgres';
  db: Database;
  close(): Promise<void>;
}

const migrationsFolder = path.join(process.cwd(), 'lib/db/migrations');

async function openPostgres(url: string): Promise<Store> {
  const { Pool } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const pool = new Pool({ connectionString: url, max: 10 });
  // An idle connection dropped by the server (restart, failover) must not crash the process: the
  // pool replaces it on the next checkout.
  pool.on('error', (error) => { logger.warn({ err: error.message }, 'idle PostgreSQL connection lost'); });
  const db = drizzle({ client: pool, schema });
  // Several instances may start at once: one migrates, the others wait and find nothing to do.
  const lockClient = await pool.connect();
  try {
    await lockClient.query('select pg_advisory_lock(7212340001)');
    await migrate(db, { migrationsFolder });
  } finally {
    await lockClient.query('select pg_advisory_unlock(7212340001)').catch(() => undefined);
    lockClient.release();
  }
  return { kind: 'postgres', db: db as unknown as Database, close: () => pool.end() };
}

/**
 * The embedded store: DATA_DIR's lock is taken in this thread (a second process is refused), then
 * PGlite runs in a worker thread that is the directory's one opener (lib/db/pglite-thread.ts): its
 * WebAssembly work no longer waits for, or holds up, request handling (README, Performance).
 */
async function openPglite(dataDir: string): Promise<Store> {
  lockDataDir(dataDir);
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const { createThreadClient } = await import('./pglite-thread');
  const client = await createThreadClient(path.join(dataDir, 'pglite'));
  // Drizzle's PGlite session calls only query() and transaction(), which the thread client provides.
  const db = drizzle({ client: client as never, schema });
  await migrate(db, { migrationsFolder });
  return { kind: 'pglite', db: db as unknown as Database, close: () => client.close() };
}

/** The process's one store, opened and migrated on first use. */
export function openStore(): Promise<Store> {
  return processSingleton('store', () => (config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(config.dataDir)));
}

export async function database(): Promise<Database> {
  return (await openStore()).db;
}
