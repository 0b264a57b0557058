// The stores a run benchmarks: always the embedded store (PGlite in a fresh DATA_DIR); PostgreSQL too
// when BENCH_DATABASE_URL or DATABASE_URL is set, in a fresh database kasa_bench_<random> created and
// dropped through `pg` on that URL.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { onCleanup } from './cleanup';

export type StoreName = 'embedded' | 'postgres';

export interface StoreEnv {
  name: StoreName;
  /** Human description for the report (never contains credentials). */
  description: string;
  dataDir: string;
  /** DATABASE_URL for the server and merchant-create (undefined for the embedded store). */
  databaseUrl?: string;
}

export function postgresAdminUrl(): string | undefined {
  return process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/**
 * Stores to run, in order; BENCH_STORES=embedded,postgres narrows the list. Another harness (the soak)
 * passes its own variable's name and value and its own PostgreSQL URL.
 */
export function selectedStores(
  options: { variable?: string; list?: string; adminUrl?: string; urlVariables?: string } = {},
): StoreName[] {
  const { variable = 'BENCH_STORES', list = process.env.BENCH_STORES, adminUrl = postgresAdminUrl() } = options;
  const urlVariables = options.urlVariables ?? 'neither BENCH_DATABASE_URL nor DATABASE_URL';
  const available: StoreName[] = adminUrl ? ['embedded', 'postgres'] : ['embedded'];
  const wanted = list?.split(',').map((s) => s.trim()).filter(Boolean);
  if (!wanted?.length) return available;
  for (const name of wanted) {
    if (name !== 'embedded' && name !== 'postgres') throw new Error(`${variable}: unknown store "${name}" (embedded, postgres)`);
    if (!available.includes(name)) throw new Error(`${variable} asks for "${name}" but ${urlVariables} is set`);
  }
  return available.filter((s) => wanted.includes(s));
}

function redact(url: URL): string {
  const copy = new URL(url.toString());
  if (copy.password) copy.password = '***';
  copy.search = '';
  return copy.toString();
}

/**
 * Prepares a store; its teardown (drop database, remove the temp dir) is on the clean-up stack.
 * `prefix` names the temp dir and the database (`<prefix>_<random>`); `adminUrl` is the PostgreSQL
 * server to create it on.
 */
export async function prepareStore(name: StoreName, options: { prefix?: string; adminUrl?: string } = {}): Promise<StoreEnv> {
  const prefix = options.prefix ?? 'kasa_bench';
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `${prefix.replaceAll('_', '-')}-${name}-`));
  onCleanup(`remove ${dataDir}`, () => rm(dataDir, { recursive: true, force: true }));
  if (name === 'embedded') {
    return { name, description: `embedded (PGlite, DATA_DIR=${dataDir})`, dataDir };
  }

  const adminUrl = options.adminUrl ?? postgresAdminUrl()!;
  const dbName = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${dbName}"`);
  } finally {
    await admin.end();
  }
  onCleanup(`drop database ${dbName}`, () => dropDatabase(adminUrl, dbName));
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  return { name, description: `PostgreSQL (${redact(url)}, fresh database)`, dataDir, databaseUrl: url.toString() };
}

async function dropDatabase(adminUrl: string, dbName: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    } catch {
      // PostgreSQL < 13 has no WITH (FORCE): end the remaining sessions first.
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName]);
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}"`);
    }
  } finally {
    await admin.end();
  }
}
