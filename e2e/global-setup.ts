/**
 * Playwright globalSetup: builds Kasa if needed, creates a merchant in a fresh temporary DATA_DIR
 * (before the server starts: the embedded store is locked by the server), starts
 * `node scripts/server.mjs` on a free port of 127.0.0.1 and the merchant stub, and hands both URLs to
 * the specs through E2E_KASA_URL and E2E_STUB_URL. The merchant has a dashboard login, handed over as
 * E2E_DASHBOARD_EMAIL and E2E_DASHBOARD_PASSWORD; a second merchant's login (E2E_LOCKOUT_EMAIL,
 * E2E_LOCKOUT_PASSWORD) is reserved for the lock-out spec. e2e/dashboard.spec.ts has merchants of its own,
 * so that its lists hold only what it made and its secret rotation breaks nobody's credentials:
 * "Dashboard Shop A" (E2E_SHOP_A_*: login, API key and secret, and a merchant stub of its own at
 * E2E_SHOP_A_STUB_URL that checks callbacks against A's callback secret), "Dashboard Shop B"
 * (E2E_SHOP_B_*: the other merchant of the cross-merchant checks) and "Rotation Shop" (E2E_ROTATION_*);
 * e2e/dashboard-refunds.spec.ts has "Refunds Shop" (E2E_REFUNDS_*); e2e/nestpay.spec.ts has "Bank Shop"
 * (E2E_BANK_SHOP_*), whose one bank account is a local NestPay bank (tests/support/nestpay-bank.ts)
 * started here too.
 * The returned function is the teardown: it stops the stubs and the server it started (by pid), drops
 * its database and removes the temporary directory.
 *
 * With TEST_DATABASE_URL set, the server runs on a fresh PostgreSQL database of that server instead of
 * PGlite, and E2E_DATABASE_URL tells the specs where it is (to expire a checkout, which no spec can
 * wait for); on PGlite the store is locked by the server and E2E_DATABASE_URL is left unset.
 * The server trusts X-Forwarded-For from 127.0.0.1, so each spec can act as a shopper of its own
 * address (the checkout allows 10 card submissions per address and minute).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  createMerchant,
  freePort,
  killGroup,
  run,
  startServer,
  stopServer,
  tail,
  testLogin,
  waitUntilReady,
  serverEnvironment,
  type ServerProcess,
} from '../tests/support/processes';
import { startMerchantStub, type MerchantStub } from './merchant-stub';
import { addBankAccount } from '../tests/support/bank-accounts';
import { startNestPayBank, type NestPayBank } from '../tests/support/nestpay-bank';


/**
 * `node scripts/ensure-build.mjs`; while another `next build` of this work tree holds Next's build lock
 * (another engineer's test run), waits for it and tries again, up to 9 minutes in all.
 */
async function ensureBuild(): Promise<void> {
  const deadline = Date.now() + 9 * 60_000;
  for (;;) {
    const build = await run(process.execPath, ['scripts/ensure-build.mjs', '--quiet'], { timeoutMs: Math.max(60_000, deadline - Date.now()) });
    if (build.code === 0) return;
    const output = `${build.stdout}\n${build.stderr}`;
    if (/Another next build process is already running/i.test(output) && Date.now() < deadline - 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      continue;
    }
    throw new Error(`node scripts/ensure-build.mjs exited with ${build.code ?? build.signal}:\n${tail(output, 80)}`);
  }
}

/** A fresh database on the TEST_DATABASE_URL server; returns its URL and the function dropping it. */
async function createDatabase(testDatabaseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const database = `kasa_e2e_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
  } catch (error) {
    throw new Error(`[kasa e2e] cannot create a database on TEST_DATABASE_URL: ${(error as Error).message}`);
  } finally {
    await admin.end().catch(() => {});
  }
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: testDatabaseUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * testLogin(label), but never with a password starting with "-": merchant-create's parseArgs takes
 * `--password -…` for a missing value and exits (a 1-in-64 chance per login otherwise).
 */
function dashboardLogin(label: string) {
  for (;;) {
    const login = testLogin(label);
    if (!login.password.startsWith('-')) return login;
  }
}

export default async function globalSetup() {
  const started = Date.now();
  await ensureBuild();

  const runDir = mkdtempSync(path.join(os.tmpdir(), 'kasa-e2e-'));
  const dataDir = path.join(runDir, 'data');
  mkdirSync(dataDir);
  const port = await freePort();
  const kasaUrl = `http://127.0.0.1:${port}`;
  const env = serverEnvironment({ port, dataDir, logLevel: 'warn' });

  let server: ServerProcess | undefined;
  let stub: MerchantStub | undefined;
  let stubA: MerchantStub | undefined;
  let bank: NestPayBank | undefined;
  let database: Awaited<ReturnType<typeof createDatabase>> | undefined;
  let dashboardEnv: Record<string, string> = {};
  const killOnExit = () => {
    if (server) killGroup(server.pid);
  };
  const teardown = async () => {
    process.off('exit', killOnExit);
    await stub?.close();
    await stubA?.close();
    await bank?.close();
    if (server) await stopServer(server);
    await database?.drop().catch((error: unknown) => process.stderr.write(`[kasa e2e] could not drop the database: ${(error as Error).message}\n`));
    if (process.env.KASA_TEST_KEEP === '1') process.stderr.write(`[kasa e2e] server log and data kept in ${runDir}\n`);
    else rmSync(runDir, { recursive: true, force: true });
  };

  try {
    const testDatabaseUrl = process.env.TEST_DATABASE_URL;
    if (testDatabaseUrl) {
      database = await createDatabase(testDatabaseUrl);
      env.DATABASE_URL = database.url;
    }
    const login = dashboardLogin('e2e-shop');
    const merchant = await createMerchant(env, 'E2E Shop', login);
    // A login of its own for e2e/dashboard-auth.spec.ts to lock (others signing in with it would be refused).
    const lockout = await createMerchant(env, 'E2E Lockout Shop', dashboardLogin('e2e-lockout'));
    // e2e/dashboard.spec.ts: two merchants for the cross-merchant checks, one whose API secret it rotates.
    const shopA = await createMerchant(env, 'Dashboard Shop A', dashboardLogin('dashboard-a'));
    const shopB = await createMerchant(env, 'Dashboard Shop B', dashboardLogin('dashboard-b'));
    const rotation = await createMerchant(env, 'Rotation Shop', dashboardLogin('rotation'));
    // e2e/dashboard-refunds.spec.ts: a new merchant refunding and cancelling from the dashboard.
    const refunds = await createMerchant(env, 'Refunds Shop', dashboardLogin('refunds'));
    // e2e/merchant-guide.spec.ts: the guide's spec, with a merchant of its own as a shop would have.
    const guide = await createMerchant(env, 'Guide Shop', dashboardLogin('guide'));
    // e2e/nestpay.spec.ts: a merchant with its own (local) NestPay bank account.
    bank = await startNestPayBank();
    const bankShop = await createMerchant(env, 'Bank Shop');
    await addBankAccount(env, bankShop.merchantId, 'Test NestPay Bank', bank);
    const merchantEnv = (prefix: string, credentials: typeof shopA) => ({
      [`${prefix}_EMAIL`]: credentials.email!,
      [`${prefix}_PASSWORD`]: credentials.password!,
      [`${prefix}_API_KEY`]: credentials.apiKey,
      [`${prefix}_API_SECRET`]: credentials.apiSecret,
    });
    dashboardEnv = {
      E2E_DASHBOARD_EMAIL: merchant.email!,
      E2E_DASHBOARD_PASSWORD: login.password,
      E2E_LOCKOUT_EMAIL: lockout.email!,
      E2E_LOCKOUT_PASSWORD: lockout.password!,
      ...merchantEnv('E2E_SHOP_A', shopA),
      ...merchantEnv('E2E_SHOP_B', shopB),
      ...merchantEnv('E2E_ROTATION', rotation),
      ...merchantEnv('E2E_REFUNDS', refunds),
      E2E_GUIDE_API_KEY: guide.apiKey,
      E2E_GUIDE_API_SECRET: guide.apiSecret,
      E2E_GUIDE_CALLBACK_SECRET: guide.callbackSecret,
      E2E_BANK_SHOP_API_KEY: bankShop.apiKey,
      E2E_BANK_SHOP_API_SECRET: bankShop.apiSecret,
    };
    process.once('exit', killOnExit);
    server = startServer(env, path.join(runDir, 'server.log'));
    await waitUntilReady(server, kasaUrl);
    stub = await startMerchantStub({ kasaUrl, merchant });
    stubA = await startMerchantStub({ kasaUrl, merchant: shopA });
    dashboardEnv.E2E_SHOP_A_STUB_URL = stubA.url;
  } catch (error) {
    await teardown().catch(() => {});
    throw error;
  }

  process.env.E2E_KASA_URL = kasaUrl;
  process.env.E2E_STUB_URL = stub.url;
  Object.assign(process.env, dashboardEnv);
  if (database) process.env.E2E_DATABASE_URL = database.url;
  else delete process.env.E2E_DATABASE_URL;
  process.stderr.write(`[kasa e2e] Kasa (${database ? 'PostgreSQL' : 'PGlite'}) at ${kasaUrl}, merchant stub at ${stub.url}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return teardown;
}
