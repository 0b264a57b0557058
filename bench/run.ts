// `npm run bench`: autocannon against the production build and server, per store (embedded PGlite;
// PostgreSQL too when BENCH_DATABASE_URL or DATABASE_URL is set). Every scenario is compared with the
// constant-JSON route GET /api/health/live on the same server, measured first and again last.
//
// After the scenarios: the checkout page's first-load JS and its Lighthouse scores (embedded store), and
// the server's resident memory growth between half and all of BENCH_MEMORY_PAYMENTS sales (each store).
//
// Env: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, default 3), BENCH_CONNECTIONS (default 10),
//      BENCH_ONLY (regular expression on scenario and check names), BENCH_STORES (embedded,postgres),
//      BENCH_MEMORY_PAYMENTS (default 100000, 0 skips; its payments are then exported as CSV, check
//      `export`), BENCH_LIGHTHOUSE_RUNS (default 3, 0 skips).
// Exit code: 0 when every scenario and the memory check's sales ran without non-2xx answers or errors
// (missed targets are printed as MISSED lines but do not fail the run); 1 otherwise; 130/143 when
// interrupted.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cpuPerRequest, sampleCpu } from './lib/cpu';
import { cardPaymentBody, constantRoute, scenarios } from './scenarios';
import { installSignalHandlers, runAllCleanups, wasInterrupted } from './lib/cleanup';
import { measureCheckoutFirstLoad } from './lib/first-load';
import { formatLighthouse, measureCheckoutLighthouse } from './lib/lighthouse';
import { call, isRouteMissing, ProbeFailure, runLoad, type Measurement } from './lib/load';
import { measureExportMemory, formatExport } from './lib/export';
import { measureMemoryGrowth } from './lib/memory';
import {
  computeBaseline,
  evaluate,
  evaluateChecks,
  formatReport,
  machineInfo,
  writeJson,
  type ScenarioResult,
  type StoreReport,
} from './lib/report';
import { BenchSetupError, createMerchant, ensureBuild, freePort, root, startServer, type RunningServer } from './lib/server';
import { prepareStore, selectedStores, type StoreName } from './lib/stores';
import { numberEnv } from './lib/env';
import type { BenchContext, LoadSpec, Phase, Scenario } from './lib/types';

const LOG_LEVEL = 'warn';

function readBuildId(): string | null {
  try {
    return readFileSync(path.join(root, '.next', 'BUILD_ID'), 'utf8').trim();
  } catch {
    return null;
  }
}

const settings = {
  durationSeconds: numberEnv('BENCH_DURATION', 10, 1),
  warmupSeconds: numberEnv('BENCH_WARMUP', 3, 0),
  connections: Math.round(numberEnv('BENCH_CONNECTIONS', 10, 1)),
  memoryPayments: Math.round(numberEnv('BENCH_MEMORY_PAYMENTS', 100_000, 0)),
  lighthouseRuns: Math.round(numberEnv('BENCH_LIGHTHOUSE_RUNS', 3, 0)),
};
if (settings.memoryPayments === 1) throw new Error('BENCH_MEMORY_PAYMENTS must be 0 (skip) or ≥ 2 (sampled at half and at all of them)');
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, 'i') : null;
/** Scenarios and checks (`first-load`, `lighthouse`, `memory`) run unless BENCH_ONLY leaves them out. */
const selected = (name: string) => !only || only.test(name);

function log(message: string) {
  console.log(message);
}

/**
 * The server's env: the caller's minus anything that configures Kasa or Next (so a shell's KASA_MODE,
 * DATABASE_URL, NODE_ENV… cannot change what is measured), plus the bench's settings.
 */
function serverEnv(port: number, dataDir: string, databaseUrl: string | undefined): NodeJS.ProcessEnv {
  const env = {} as NodeJS.ProcessEnv;
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(KASA_|NEXT_|BENCH_|TEST_DATABASE_URL$|DATABASE_URL$|DATA_DIR$|PORT$|HOST$|PUBLIC_BASE_URL$|NODE_ENV$)/.test(key)) continue;
    env[key] = value;
  }
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    KASA_LOG_LEVEL: LOG_LEVEL,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
  });
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  return env;
}

function makeContext(store: StoreName, server: RunningServer, merchant: BenchContext['merchant']): BenchContext {
  const ctx: BenchContext = {
    store,
    baseUrl: server.baseUrl,
    merchant,
    connections: settings.connections,
    warmupSeconds: settings.warmupSeconds,
    durationSeconds: settings.durationSeconds,
    merchantHeaders: { 'X-API-KEY': merchant.apiKey, 'X-API-SECRET': merchant.apiSecret, 'Content-Type': 'application/json' },
    call: (spec) => call(server.baseUrl, spec),
    produce: async (spec: LoadSpec, phase: Phase, pickValue) => {
      if (phase === 'probe') {
        const result = await call(server.baseUrl, spec);
        const value = result.status >= 200 && result.status < 300 ? pickValue(result.json) : undefined;
        if (value === undefined) {
          throw new ProbeFailure(`set-up request ${spec.method} ${spec.path} → ${result.status} ${result.text.slice(0, 500)}`, result, isRouteMissing(result));
        }
        return [value];
      }
      const seconds = phase === 'warmup' ? ctx.warmupSeconds : ctx.durationSeconds;
      const values: string[] = [];
      const m = await runLoad(server.baseUrl, spec, {
        connections: ctx.connections,
        seconds: Math.max(1, seconds),
        onJson: (json) => {
          const v = pickValue(json);
          if (v !== undefined) values.push(v);
        },
      });
      if (m.non2xx > 0 || m.errors > 0 || values.length === 0) {
        throw new Error(
          `set-up load ${spec.method} ${spec.path}: ${values.length} values, ${m.non2xx} non-2xx ${JSON.stringify(m.statusCodes)}, ${m.errors} errors` +
            (m.errorSamples[0] ? `; sample ${m.errorSamples[0].status}: ${m.errorSamples[0].body}` : ''),
        );
      }
      return values;
    },
  };
  return ctx;
}

async function probe(ctx: BenchContext, scenario: Scenario): Promise<void> {
  const spec = await scenario.load(ctx, 'probe');
  const result = await ctx.call(spec);
  const describe = `${spec.method} ${result.status} ${result.text.slice(0, 500)}`;
  if (result.status < 200 || result.status >= 300) {
    throw new ProbeFailure(`probe answered ${describe}`, result, isRouteMissing(result));
  }
  const problem = scenario.check?.(result.json);
  if (problem) throw new ProbeFailure(`probe answered ${result.status} but ${problem}: ${result.text.slice(0, 500)}`, result, false);
}

async function runScenario(ctx: BenchContext, server: RunningServer, scenario: Scenario, role: ScenarioResult['role']): Promise<ScenarioResult> {
  const result: ScenarioResult = { name: scenario.name, role, status: 'ok', target: scenario.target };
  const label = `[${ctx.store}] ${scenario.name}${role === 'scenario' ? '' : ` (${role})`}`;
  try {
    await probe(ctx, scenario);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ProbeFailure && error.routeMissing && scenario.optional) {
      result.status = 'skipped';
      result.reason = `route not deployed yet (${message.slice(0, 200)})`;
      log(`${label}: skipped, route not deployed (${error.result?.status})`);
    } else {
      result.status = 'failed';
      result.reason = message;
      log(`${label}: FAILED: ${message}`);
    }
    return result;
  }

  try {
    if (ctx.warmupSeconds > 0) {
      log(`${label}: warm-up ${ctx.warmupSeconds} s…`);
      const spec = await scenario.load(ctx, 'warmup');
      const w = await runLoad(ctx.baseUrl, spec, { connections: ctx.connections, seconds: ctx.warmupSeconds });
      result.warmup = { requests: w.requests, non2xx: w.non2xx, errors: w.errors, statusCodes: w.statusCodes };
    }
    const spec = await scenario.load(ctx, 'measure');
    log(`${label}: measuring ${spec.amount ? `${spec.amount} requests` : `${ctx.durationSeconds} s`} at ${ctx.connections} connections…`);
    server.markLog();
    const cpuBefore = sampleCpu(server.pid);
    const m: Measurement = await runLoad(ctx.baseUrl, spec, { connections: ctx.connections, seconds: ctx.durationSeconds });
    result.cpuPerRequest = cpuPerRequest(cpuBefore, sampleCpu(server.pid), m.requests);
    if (wasInterrupted()) return result;
    result.serverLogLines = server.linesSinceMark();
    if (result.serverLogLines > 0) result.serverLogSample = server.linesSinceMarkSample();
    result.measurement = m;
    const warmupBad = result.warmup && (result.warmup.non2xx > 0 || result.warmup.errors > 0);
    if (m.non2xx > 0 || m.errors > 0 || warmupBad) result.status = 'errors';
    log(
      `${label}: ${Math.round(m.rps)} req/s, p50 ${m.latency.p50.toFixed(2)} ms, p99 ${m.latency.p99.toFixed(2)} ms` +
        (result.cpuPerRequest ? `, server CPU ${result.cpuPerRequest.processMs.toFixed(2)} ms/request (main thread ${result.cpuPerRequest.mainThreadMs.toFixed(2)})` : '') +
        (m.non2xx || m.errors ? `, ${m.non2xx} non-2xx, ${m.errors} errors` : ''),
    );
  } catch (error) {
    result.status = 'failed';
    result.reason = error instanceof Error ? error.message : String(error);
    log(`${label}: FAILED: ${result.reason}`);
  }
  return result;
}

async function benchStore(store: StoreName): Promise<StoreReport> {
  const startedAt = new Date().toISOString();
  const report: StoreReport = {
    store,
    storeDescription: store,
    startedAt,
    finishedAt: startedAt,
    machine: machineInfo(),
    settings: {
      ...settings,
      serverLogLevel: LOG_LEVEL,
      loadGenerator: 'autocannon 9, in the bench process on the same machine as the server',
    },
    baseline: null,
    results: [],
    missed: [],
    ok: false,
  };
  try {
    const storeEnv = await prepareStore(store);
    report.storeDescription = storeEnv.description;
    const port = await freePort();
    const env = serverEnv(port, storeEnv.dataDir, storeEnv.databaseUrl);
    log(`\n[${store}] creating the bench merchant…`);
    const merchant = await createMerchant(env);
    log(`[${store}] starting scripts/server.mjs on port ${port} (KASA_LOG_LEVEL=${LOG_LEVEL})…`);
    const server = await startServer(env, port);
    const ctx = makeContext(store, server, merchant);

    // The constant route runs between every two scenarios too: each scenario is compared with the
    // constant runs just before and after it, so a change in the machine's load during the run moves
    // both sides of its ratio (bench/README.md).
    const chosen = scenarios.filter((s) => selected(s.name));
    const plan: Array<[Scenario, ScenarioResult['role']]> = [
      [constantRoute, 'constant (first)'],
      ...chosen.flatMap((s, i): Array<[Scenario, ScenarioResult['role']]> =>
        i < chosen.length - 1 ? [[s, 'scenario'], [constantRoute, 'constant (between)']] : [[s, 'scenario']]),
      [constantRoute, 'constant (last)'],
    ];
    for (const [scenario, role] of plan) {
      if (wasInterrupted()) break;
      const exit = server.exitInfo();
      if (exit) {
        report.results.push({ name: scenario.name, role, status: 'failed', reason: `not run: the server exited (code ${exit.code}, signal ${exit.signal})` });
        continue;
      }
      const result = await runScenario(ctx, server, scenario, role);
      const exitDuring = server.exitInfo();
      if (exitDuring) {
        result.status = 'failed';
        result.reason = `the server exited during this scenario (code ${exitDuring.code}, signal ${exitDuring.signal})${result.reason ? `; ${result.reason}` : ''}`;
        log(`[${store}] ${scenario.name}: ${result.reason}`);
      }
      report.results.push(result);
    }
    if (store === 'embedded' && selected('first-load') && !wasInterrupted()) {
      try {
        report.firstLoadJs = await measureCheckoutFirstLoad(ctx);
      } catch (error) {
        report.missed.push(`Checkout page first-load JS not measured: ${(error as Error).message}`);
      }
    }
    if (store === 'embedded' && selected('lighthouse') && settings.lighthouseRuns > 0 && !wasInterrupted() && !server.exitInfo()) {
      try {
        report.lighthouse = await measureCheckoutLighthouse(ctx, settings.lighthouseRuns, path.join(root, 'bench', 'results'), log);
        log(`[${store}] Lighthouse: ${formatLighthouse(report.lighthouse).value}`);
      } catch (error) {
        report.missed.push(`Checkout page Lighthouse scores not measured: ${(error as Error).message}`);
      }
    }
    if (selected('memory') && settings.memoryPayments > 0 && !wasInterrupted() && !server.exitInfo()) {
      const sale: LoadSpec = { method: 'POST', path: '/api/payment', headers: ctx.merchantHeaders, body: cardPaymentBody('bench-mem') };
      try {
        report.memory = await measureMemoryGrowth(ctx, { ...server, port }, sale, settings.memoryPayments, log);
      } catch (error) {
        report.missed.push(`Server memory growth not measured: ${(error as Error).message}`);
      }
      const exit = server.exitInfo();
      if (exit) report.checkFailures = [`memory: the server exited during the run (code ${exit.code}, signal ${exit.signal})`];
    }
    // After the memory check's sales the merchant has BENCH_MEMORY_PAYMENTS payments to export.
    if (selected('export') && settings.memoryPayments > 0 && report.memory && !wasInterrupted() && !server.exitInfo()) {
      try {
        report.export = await measureExportMemory(ctx, { ...server, port });
        log(`[${store}] CSV export: ${formatExport(report.export).value}`);
      } catch (error) {
        report.missed.push(`CSV export memory not measured: ${(error as Error).message}`);
      }
    }
    if (!wasInterrupted() && report.results.some((r) => r.status === 'failed' || r.status === 'errors')) {
      log(`[${store}] last server output (for the failures above):\n${server.logTail() || '(none)'}`);
      report.serverLogTail = server.logTail();
    }
    await server.stop();
  } catch (error) {
    report.setupError = error instanceof Error ? error.message : String(error);
    if (!(error instanceof BenchSetupError) && error instanceof Error && error.stack) report.setupError += `\n${error.stack}`;
  } finally {
    await runAllCleanups();
  }
  report.finishedAt = new Date().toISOString();
  report.baseline = computeBaseline(report.results);
  report.missed = [...report.missed, ...evaluate(report.results, report.baseline, store)];
  evaluateChecks(report);
  report.ok =
    !report.setupError &&
    !report.checkFailures?.length &&
    report.results.length > 0 &&
    report.results.every((r) => r.status === 'ok' || r.status === 'skipped');
  return report;
}

async function main(): Promise<number> {
  installSignalHandlers();
  const stores = selectedStores();
  const m = machineInfo();
  log('Kasa benchmark');
  log(`Machine: ${m.cpus} CPUs (${m.cpuModel}), Node ${m.node}, ${m.platform}, ${m.totalMemoryGiB} GiB RAM, load average ${m.loadAverage.join(' ')}`);
  log(
    `Method: autocannon, ${settings.connections} connections, warm-up ${settings.warmupSeconds} s then ${settings.durationSeconds} s measured per scenario; ` +
      `load generator and server share this machine. Server log level KASA_LOG_LEVEL=${LOG_LEVEL} (per-request logs kept out of the measurement).`,
  );
  if (m.loadAverage[0] > m.cpus * 0.5) {
    log(`NOTE: the machine is already busy (1-min load average ${m.loadAverage[0]} on ${m.cpus} CPUs): other processes compete with the server and the load generator.`);
  }
  log(`Stores: ${stores.join(', ')}${stores.includes('postgres') ? '' : ' (set DATABASE_URL or BENCH_DATABASE_URL to also benchmark PostgreSQL)'}`);
  log('\nProduction build (scripts/ensure-build.mjs)…');
  ensureBuild();
  const buildId = readBuildId();
  log(`Build: .next BUILD_ID ${buildId ?? 'unknown'}`);

  const reports: StoreReport[] = [];
  for (const store of stores) {
    if (wasInterrupted()) break;
    const report = await benchStore(store);
    report.buildId = buildId;
    reports.push(report);
    const file = writeJson(report, path.join(root, 'bench', 'results'));
    log(formatReport(report));
    log(`Results written to ${path.relative(process.cwd(), file) || file}`);
  }

  const allOk = reports.length === stores.length && reports.every((r) => r.ok);
  const missed = reports.flatMap((r) => r.missed);
  log('');
  if (missed.length) log(`${missed.length} target(s) MISSED (reported, not a failure of the run).`);
  else if (allOk) log('All targets met.');
  log(allOk ? 'Benchmark completed without errors.' : 'Benchmark FAILED: see the FAILED/ERRORS lines above.');
  return allOk ? 0 : 1;
}

main()
  .then((code) => process.exit(code))
  .catch(async (error: unknown) => {
    console.error(error instanceof BenchSetupError ? `Benchmark set-up failed: ${error.message}` : error);
    await runAllCleanups();
    process.exit(1);
  });
