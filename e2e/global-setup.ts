/**
 * Playwright globalSetup: builds Kasa if needed, creates a merchant in a fresh temporary DATA_DIR
 * (before the server starts: the embedded store is locked by the server), starts
 * `node scripts/server.mjs` on a free port of 127.0.0.1 and the merchant stub, and hands both URLs to
 * the specs through E2E_KASA_URL and E2E_STUB_URL. The returned function is the teardown: it stops
 * the stub and the server it started (by pid) and removes the temporary directory.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createMerchant,
  freePort,
  killGroup,
  run,
  startServer,
  stopServer,
  tail,
  waitUntilReady,
  type ServerProcess,
} from '../tests/support/processes';
import { startMerchantStub, type MerchantStub } from './merchant-stub';

/** The parent environment without anything that would point the server at another store or mode. */
function cleanEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(KASA_|VITEST|DATABASE_URL$|DATA_DIR$|PORT$|HOST$|PUBLIC_BASE_URL$|NODE_ENV$|TEST_DATABASE_URL$|NEXT_|E2E_)/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

export default async function globalSetup() {
  const started = Date.now();
  const build = await run(process.execPath, ['scripts/ensure-build.mjs', '--quiet'], { timeoutMs: 9 * 60_000 });
  if (build.code !== 0) {
    throw new Error(`node scripts/ensure-build.mjs exited with ${build.code ?? build.signal}:\n${tail(`${build.stdout}\n${build.stderr}`, 80)}`);
  }

  const runDir = mkdtempSync(path.join(os.tmpdir(), 'kasa-e2e-'));
  const dataDir = path.join(runDir, 'data');
  mkdirSync(dataDir);
  const port = await freePort();
  const kasaUrl = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    ...cleanEnvironment(),
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PUBLIC_BASE_URL: kasaUrl,
    KASA_LOG_LEVEL: 'warn',
  };

  let server: ServerProcess | undefined;
  let stub: MerchantStub | undefined;
  const killOnExit = () => server && killGroup(server.pid);
  const teardown = async () => {
    process.off('exit', killOnExit);
    await stub?.close();
    if (server) await stopServer(server);
    if (process.env.KASA_TEST_KEEP === '1') process.stderr.write(`[kasa e2e] server log and data kept in ${runDir}\n`);
    else rmSync(runDir, { recursive: true, force: true });
  };

  try {
    const merchant = await createMerchant(env, 'E2E Shop');
    process.once('exit', killOnExit);
    server = startServer(env, path.join(runDir, 'server.log'));
    await waitUntilReady(server, kasaUrl);
    stub = await startMerchantStub({ kasaUrl, merchant });
  } catch (error) {
    await teardown().catch(() => {});
    throw error;
  }

  process.env.E2E_KASA_URL = kasaUrl;
  process.env.E2E_STUB_URL = stub.url;
  process.stderr.write(`[kasa e2e] Kasa at ${kasaUrl}, merchant stub at ${stub.url}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return teardown;
}
