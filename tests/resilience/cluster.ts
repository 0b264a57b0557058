/**
 * Kasa servers of the resilience project's own (never the shared globalSetup's): a store (a PGlite
 * DATA_DIR, or a fresh database on TEST_DATABASE_URL's server), one or more `node scripts/server.mjs`
 * on it, and the means to kill -9, restart and stop them and to read the store directly.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { MerchantCredentials } from '../support/context';
import type { Query } from '../support/card-audit';
import { createDatabase } from '../support/harness';
import {
  cleanEnvironment,
  createMerchant,
  freePort,
  killGroup,
  run,
  startServer,
  stopServer,
  tail,
  serverEnvironment,
  waitUntilReady,
  type ServerProcess,
} from '../support/processes';

/** Callback timing of these servers: fast polls, and retries that outlast a kill and a restart (~40 s). */
export const CALLBACK_POLL_MS = 100;
export const CALLBACK_RETRY_SCHEDULE = ['0.5', '0.5', ...Array.from({ length: 40 }, () => '1')].join(',');

/** `node scripts/ensure-build.mjs`, waiting while another `next build` of this tree holds Next's lock. */
export async function ensureBuilt(): Promise<void> {
  const deadline = Date.now() + 9 * 60_000;
  for (;;) {
    const build = await run(process.execPath, ['scripts/ensure-build.mjs', '--quiet'], {
      env: { ...cleanEnvironment(), NODE_ENV: 'production' },
      timeoutMs: Math.max(60_000, deadline - Date.now()),
    });
    if (build.code === 0) return;
    const output = `${build.stdout}\n${build.stderr}`;
    if (/Another next build process is already running/i.test(output) && Date.now() < deadline - 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      continue;
    }
    throw new Error(`node scripts/ensure-build.mjs exited with ${build.code ?? build.signal}:\n${tail(output, 80)}`);
  }
}

export type StoreKind = 'pglite' | 'postgres';

/** One store and the directory holding everything of a scenario (data, logs). */
export interface Scenario {
  kind: StoreKind;
  runDir: string;
  /** PGlite's DATA_DIR (the first instance's, for PostgreSQL). */
  dataDir: string;
  databaseUrl?: string;
  /** Shared by every instance: keyed hashes and sealed card data must agree across them. */
  secretKey: string;
  instances: Instance[];
  cleanups: (() => Promise<void>)[];
}

/** One `node scripts/server.mjs`, restartable on the same port, data and log. */
export interface Instance {
  label: string;
  port: number;
  baseUrl: string;
  dataDir: string;
  logFile: string;
  env: Record<string, string>;
  server?: ServerProcess;
  /** Every pid this instance has had, oldest first. */
  pids: number[];
}

export async function createScenario(kind: StoreKind, label: string): Promise<Scenario> {
  const runDir = mkdtempSync(path.join(os.tmpdir(), `kasa-resilience-${label}-`));
  const cleanups: (() => Promise<void>)[] = [];
  const databaseUrl = kind === 'postgres' ? await createDatabase(process.env.TEST_DATABASE_URL!, cleanups) : undefined;
  return {
    kind,
    runDir,
    dataDir: path.join(runDir, 'a', 'data'),
    databaseUrl,
    secretKey: randomBytes(32).toString('base64url'),
    instances: [],
    cleanups,
  };
}

/** A new instance of the scenario on a port of its own (not started). */
export async function addInstance(scenario: Scenario, label: string): Promise<Instance> {
  const dir = path.join(scenario.runDir, String.fromCharCode(97 + scenario.instances.length));
  const dataDir = scenario.kind === 'pglite' ? scenario.dataDir : path.join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = serverEnvironment({
    port,
    dataDir,
    logLevel: 'info',
    databaseUrl: scenario.databaseUrl,
    extra: {
      KASA_SECRET_KEY: scenario.secretKey,
      KASA_CALLBACK_POLL_MS: String(CALLBACK_POLL_MS),
      KASA_CALLBACK_RETRY_SCHEDULE: CALLBACK_RETRY_SCHEDULE,
    },
  });
  const instance: Instance = { label, port, baseUrl, dataDir, logFile: path.join(dir, 'server.log'), env, pids: [] };
  scenario.instances.push(instance);
  const exitHandler = () => {
    if (instance.server) killGroup(instance.server.pid);
  };
  process.once('exit', exitHandler);
  scenario.cleanups.push(async () => {
    process.off('exit', exitHandler);
    if (instance.server && !instance.server.exit) await stopServer(instance.server);
  });
  return instance;
}

/** merchant-create with the instance's environment (on PGlite: while no server holds the store). */
export const createScenarioMerchant = (instance: Instance, name: string): Promise<MerchantCredentials> => createMerchant(instance.env, name);

/** Starts (or restarts) the instance and waits for GET /api/health. */
export async function start(instance: Instance): Promise<void> {
  if (instance.server && !instance.server.exit) throw new Error(`${instance.label} is already running (pid ${instance.server.pid})`);
  instance.server = startServer(instance.env, instance.logFile);
  instance.pids.push(instance.server.pid);
  await waitUntilReady(instance.server, instance.baseUrl, 90_000);
}

/** kill -9 of the server process (by its pid), then of anything left in its process group. */
export async function killHard(instance: Instance): Promise<void> {
  const server = instance.server;
  if (!server || server.exit) throw new Error(`${instance.label} is not running`);
  process.kill(server.pid, 'SIGKILL');
  await server.exited;
  killGroup(server.pid);
}

/** SIGTERM: the server drains, runs its shutdown hooks (callback worker, store) and exits. */
export async function stopGracefully(instance: Instance): Promise<void> {
  const server = instance.server;
  if (!server || server.exit) return;
  await stopServer(server, 20_000);
  if ((server.exit as ServerProcess['exit'])?.signal === 'SIGKILL') throw new Error(`${instance.label} did not stop within 20 s of SIGTERM and was killed`);
}

export const logOf = (instance: Instance) => readFileSync(instance.logFile, 'utf8');

/** Stops what is still running, drops the database and removes the files (kept when `keep`). */
export async function disposeScenario(scenario: Scenario, keep: boolean): Promise<void> {
  for (const cleanup of scenario.cleanups.reverse()) await cleanup().catch((error: unknown) => { console.error(error); });
  if (keep) console.log(`[resilience] files of the failed ${scenario.kind} scenario kept in ${scenario.runDir}`);
  else rmSync(scenario.runDir, { recursive: true, force: true });
}

export type { Query };

/**
 * Runs `body` with direct SQL on the scenario's store. PostgreSQL: any time. PGlite: only while no
 * server runs (the store belongs to one process), opened in this process and closed afterwards.
 */
export async function withStore<T>(scenario: Scenario, body: (query: Query) => Promise<T>): Promise<T> {
  if (scenario.databaseUrl) {
    const client = new pg.Client({ connectionString: scenario.databaseUrl });
    await client.connect();
    try {
      return await body(async (text, params = []) => (await client.query(text, params)).rows);
    } finally {
      await client.end();
    }
  }
  const running = scenario.instances.filter((instance) => instance.server && !instance.server.exit);
  if (running.length) throw new Error(`PGlite's store is held by ${running.map((instance) => instance.label).join(', ')}`);
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(path.join(scenario.dataDir, 'pglite'));
  try {
    return await body(async (text, params = []) => (await db.query(text, params)).rows as never);
  } finally {
    await db.close();
  }
}
