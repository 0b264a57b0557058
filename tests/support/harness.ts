/**
 * Vitest globalSetup of the `http` and `audit` projects: builds Kasa once, creates a store per backend
 * (PGlite always; PostgreSQL when TEST_DATABASE_URL is set), creates merchants A, B, C and Lockout in
 * it (A, B and Lockout with dashboard logins), starts one server per backend and provides `kasa`
 * ({@link HarnessContext}) to the tests.
 *
 * Both projects list this file; vitest runs each project's globalSetup separately but in the same
 * process, so the servers are shared through a reference-counted singleton on globalThis and stopped by
 * the last teardown.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import type { Backend, HarnessContext, MerchantWithLogin } from './context';
import {
  cleanEnvironment,
  createMerchant,
  serverEnvironment,
  freePort,
  killGroup,
  repoRoot,
  run,
  startServer,
  stopServer,
  tail,
  testLogin,
  waitUntilReady,
} from './processes';

interface Harness {
  context: HarnessContext;
  stop(keepFiles: boolean): Promise<void>;
}

interface SharedState {
  users: number;
  harness: Promise<Harness>;
}

const STATE = Symbol.for('kasa.tests.harness');
type GlobalWithState = typeof globalThis & { [STATE]?: SharedState };

export default async function setup(project: TestProject) {
  const global = globalThis as GlobalWithState;
  const state = (global[STATE] ??= { users: 0, harness: startHarness() });
  state.users += 1;
  const harness = await state.harness;
  project.provide('kasa', harness.context);

  return async () => {
    state.users -= 1;
    if (state.users > 0) return;
    Reflect.deleteProperty(global, STATE);
    let failed = 0;
    try {
      failed = project.vitest.state.getCountOfFailedTests();
    } catch {
      // internal API: keep the files only on request then
    }
    const keep = failed > 0 || process.env.KASA_TEST_KEEP === '1';
    await harness.stop(keep);
    if (keep) process.stderr.write(`[kasa tests] server logs and data kept in ${harness.context.runDir}\n`);
  };
}

async function startHarness(): Promise<Harness> {
  const started = Date.now();
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'kasa-test-'));
  mkdirSync(path.join(runDir, 'client-ips'));
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async (keepFiles: boolean) => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => { console.error(error); });
    if (!keepFiles) rmSync(runDir, { recursive: true, force: true });
  };
  try {
    await build(runDir);
    const names: Backend['name'][] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
    const results = await Promise.allSettled(names.map((name) => startBackend(name, runDir, cleanups)));
    const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failures.length) throw new AggregateErrorWithMessages(failures.map((failure) => failure.reason));
    const backends = results.map((result) => (result as PromiseFulfilledResult<Backend>).value);
    writeFileSync(path.join(runDir, 'backends.json'), JSON.stringify(backends, null, 2));
    process.stderr.write(
      `[kasa tests] ${backends.map((b) => `${b.name} at ${b.baseUrl}`).join(', ')} ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    return { context: { runDir, backends }, stop };
  } catch (error) {
    await stop(true);
    process.stderr.write(`[kasa tests] start-up failed; files kept in ${runDir}\n`);
    throw error;
  }
}

class AggregateErrorWithMessages extends Error {
  constructor(errors: unknown[]) {
    super(errors.map((error) => (error instanceof Error ? error.message : String(error))).join('\n\n'));
  }
}

async function build(runDir: string): Promise<void> {
  if (!existsSync(path.join(repoRoot, 'scripts/server.mjs'))) {
    throw new Error('scripts/server.mjs does not exist: the HTTP tests need it to start Kasa.');
  }
  const result = await run(process.execPath, ['scripts/ensure-build.mjs', '--quiet'], {
    env: { ...cleanEnvironment(), NODE_ENV: 'production', DATA_DIR: path.join(runDir, 'build-data') },
    timeoutMs: 9 * 60_000,
  });
  if (result.code !== 0) {
    const output = `${result.stdout}\n${result.stderr}`;
    writeFileSync(path.join(runDir, 'build.log'), output);
    throw new Error(`Building Kasa failed (node scripts/ensure-build.mjs exited with ${result.code ?? result.signal}):\n${tail(output, 80)}`);
  }
}


async function startBackend(
  name: Backend['name'],
  runDir: string,
  cleanups: (() => Promise<void>)[],
): Promise<Backend> {
  const dir = path.join(runDir, name);
  const dataDir = path.join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(dir, 'server.log');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;

  let databaseUrl: string | undefined;
  if (name === 'postgres') {
    databaseUrl = await createDatabase(process.env.TEST_DATABASE_URL!, cleanups);
  }

  const env = serverEnvironment({ port, dataDir, logLevel: 'info', databaseUrl });

  // PGlite: the server locks DATA_DIR, so merchants are created first, one after another.
  const merchants: Backend['merchants'] = {
    a: (await createMerchant(env, 'Shop A', testLogin('shop-a'))) as MerchantWithLogin,
    b: (await createMerchant(env, 'Shop B', testLogin('shop-b'))) as MerchantWithLogin,
    c: await createMerchant(env, 'Shop C'),
    lockout: (await createMerchant(env, 'Lockout Shop', testLogin('lockout'))) as MerchantWithLogin,
    limited: await createMerchant(env, 'Limited Shop', undefined, { perSecond: 2, burst: 4 }),
  };

  // Spawned, then its cleanups registered, with no await between: no exit can come in the gap.
  const server = startServer(env, logFile);
  const exitHandler = () => { killGroup(server.pid); };
  process.once('exit', exitHandler);
  cleanups.push(async () => {
    process.off('exit', exitHandler);
    await stopServer(server);
  });
  try {
    await waitUntilReady(server, baseUrl);
  } catch (error) {
    (error as Error).message = `[${name}] ${(error as Error).message}`;
    throw error;
  }
  return { name, baseUrl, dataDir, logFile, databaseUrl, pid: server.pid, env, merchants };
}

/** A fresh database on the TEST_DATABASE_URL server, dropped at teardown. */
export async function createDatabase(testDatabaseUrl: string, cleanups: (() => Promise<void>)[]): Promise<string> {
  const database = `kasa_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
  } catch (error) {
    throw new Error(`[postgres] cannot create a test database on TEST_DATABASE_URL: ${(error as Error).message}`);
  } finally {
    await admin.end().catch(() => {});
  }
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: testDatabaseUrl });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  });
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
