// `npm run soak`: mixed traffic (direct sales, pre-authorizations with captures, hosted checkouts paid
// through the checkout page's server action and the sandbox issuer, with callbacks to a stub) at half
// the measured maximum rate, open loop, for SOAK_DURATION seconds against the production server, per
// store (embedded PGlite; PostgreSQL too when SOAK_DATABASE_URL, BENCH_DATABASE_URL or DATABASE_URL is
// set). Passes with zero 5xx, zero lost or duplicate callbacks and flat memory; see bench/README.md.
//
// Env: SOAK_DURATION (s, default 600), SOAK_RATE (mixes/s: skips the maximum-rate measurement),
//      SOAK_PROBE_SECONDS (s per closed-loop step, default 15), SOAK_CALLBACK_WAIT (s, default 60),
//      SOAK_LOG_LEVEL (server log level, default info), SOAK_STORES (embedded,postgres),
//      SOAK_KEEP_LOG=1 (keep the server's log also when the run passed).
// Exit code: 0 when every criterion passed, 1 otherwise, 130/143 when interrupted.
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startCallbackStub } from '../tests/resilience/callback-stub';
import { cardDataInLog } from '../tests/support/card-audit';
import { serverActionId } from '../tests/support/checkout-action';
import { serverEnvironment } from '../tests/support/processes';
import { installSignalHandlers, onCleanup, runAllCleanups, wasInterrupted } from './lib/cleanup';
import { machineInfo } from './lib/report';
import { BenchSetupError, createMerchant, delay, ensureBuild, freePort, root, startServer, type RunningServer } from './lib/server';
import { MIX, MIX_DESCRIPTION, runFlow, type FlowResult, type SoakContext } from './lib/soak-flows';
import { closedLoop, openLoop, type ClosedLoopResult } from './lib/soak-load';
import { sampleProcess, type ProcessSample } from './lib/soak-monitor';
import {
  accountCallbacks,
  callbackProgress,
  criteriaOf,
  formatProgress,
  formatReport,
  judgeMemory,
  writeJson,
  type HeapSample,
  type ProgressLine,
  type SoakReport,
} from './lib/soak-report';
import { percentile, Recorder } from './lib/soak-stats';
import { numberEnv } from './lib/env';
import { prepareStore, selectedStores, type StoreName } from './lib/stores';

const settings = {
  durationSeconds: numberEnv('SOAK_DURATION', 600, 10),
  /** Mixes per second; 0: measure the maximum and take half. */
  rate: numberEnv('SOAK_RATE', 0, 0),
  probeSeconds: numberEnv('SOAK_PROBE_SECONDS', 15, 3),
  callbackWaitSeconds: numberEnv('SOAK_CALLBACK_WAIT', 60, 0),
  logLevel: process.env.SOAK_LOG_LEVEL || 'info',
};
/** Closed-loop client counts: the first three always, then more while the throughput still grows by 5 %. */
const PROBE_WORKERS = [2, 4, 8, 16, 32];
const PROBE_MIN_STEPS = 3;
const SAMPLE_EVERY_MS = 2_000;
const PRINT_EVERY_MS = 10_000;
const adminUrl = process.env.SOAK_DATABASE_URL || process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || undefined;

const log = (message: string) => { console.log(message); };

function readBuildId(): string | null {
  try {
    return readFileSync(path.join(root, '.next', 'BUILD_ID'), 'utf8').trim();
  } catch {
    return null;
  }
}

/** The server's log: the whole of it in a file (for the card-data audit), warn/error lines counted. */
class ServerLog {
  lines = 0;
  warn = 0;
  error = 0;
  samples: string[] = [];
  private stream: WriteStream;
  constructor(readonly file: string) {
    this.stream = createWriteStream(file);
  }
  /** Handler and action durations the server logged since the last `takeDurations()`. */
  private durations: number[] = [];
  readonly allDurations: number[] = [];
  recordDurations = false;
  takeDurations = () => {
    const taken = this.durations;
    this.durations = [];
    return taken;
  };
  /** Lines of bench/lib/soak-heap-probe.cjs, timed in seconds since `heapClock` was set. */
  readonly heap: HeapSample[] = [];
  heapClock: (() => number) | null = null;
  onLine = (line: string) => {
    if (line.startsWith('{"soakMemory":')) {
      if (this.heapClock) this.heap.push({ t: this.heapClock(), ...(JSON.parse(line) as { soakMemory: Omit<HeapSample, 't'> }).soakMemory });
      return;
    }
    this.lines += 1;
    this.stream.write(`${line}\n`);
    const duration = this.recordDurations ? /"durationMs":([\d.]+)/.exec(line) : null;
    if (duration) {
      this.durations.push(Number(duration[1]));
      this.allDurations.push(Number(duration[1]));
    }
    const level = /^\{"level":(\d+)/.exec(line);
    // Lines that are not pino's JSON: Next.js's own start-up messages, or a crash's stack trace.
    const severity = level ? Number(level[1]) : /\b(error|exception|unhandled|uncaught)\b|⨯/i.test(line) ? 50 : 30;
    if (severity >= 50) this.error += 1;
    else if (severity >= 40) this.warn += 1;
    if (severity >= 40 && this.samples.length < 8) this.samples.push(line.slice(0, 1000));
  };
  close = () => new Promise<void>((resolve) => this.stream.end(resolve));
}

/** The highest sustainable rate of the mix: closed loop at growing client counts, best completed mixes/s. */
async function measureMaxRate(
  store: StoreName,
  ctx: SoakContext,
  serverPid: number,
  sink: FlowResult[],
): Promise<{ steps: ClosedLoopResult[]; best: number }> {
  const steps: ClosedLoopResult[] = [];
  let best = 0;
  for (const [index, workers] of PROBE_WORKERS.entries()) {
    if (wasInterrupted()) break;
    const before = sampleProcess(serverPid, performance.now() / 1000);
    const step = await closedLoop(ctx, { workers, seconds: settings.probeSeconds, sink });
    const after = sampleProcess(serverPid, performance.now() / 1000);
    if (before && after) step.serverCpuPercent = (100 * (after.cpuSeconds - before.cpuSeconds)) / (after.t - before.t);
    step.loadAverage = os.loadavg()[0];
    steps.push(step);
    log(
      `[${store}] max rate: ${workers} clients → ${step.mixesPerSecond.toFixed(2)} mixes/s (${step.completed} flows in ${step.seconds} s` +
        `${step.failed ? `, ${step.failed} failed` : ''}; server CPU ${step.serverCpuPercent?.toFixed(0) ?? '?'} %, load average ${step.loadAverage.toFixed(2)})`,
    );
    const improved = step.mixesPerSecond > best * 1.05;
    best = Math.max(best, step.mixesPerSecond);
    if (step.failed > 0 || (!improved && index + 1 >= PROBE_MIN_STEPS)) break;
  }
  return { steps, best };
}

async function soakStore(store: StoreName): Promise<SoakReport> {
  const startedAt = new Date().toISOString();
  const report: SoakReport = {
    store,
    storeDescription: store,
    startedAt,
    finishedAt: startedAt,
    machine: machineInfo(),
    buildId: readBuildId(),
    settings: {
      durationSeconds: settings.durationSeconds,
      probeSeconds: settings.probeSeconds,
      callbackWaitSeconds: settings.callbackWaitSeconds,
      serverLogLevel: settings.logLevel,
      mix: MIX_DESCRIPTION,
      flowsPerMix: MIX.length,
      rateSource: settings.rate > 0 ? 'SOAK_RATE' : 'measured',
      loadGenerator: 'fetch (undici) in the soak process, on the same machine as the server',
    },
    progress: [],
    requests: {},
    setupRequests: {},
    criteria: [],
    ok: false,
  };
  const setupRecorder = new Recorder();
  const soakRecorder = new Recorder();
  const allFlows: FlowResult[] = [];
  let server: RunningServer | undefined;
  let serverLog: ServerLog | undefined;
  let keepLog = false;
  try {
    const storeEnv = await prepareStore(store, { prefix: 'kasa_soak', adminUrl });
    report.storeDescription = storeEnv.description;
    const port = await freePort();
    // Production mode, its own store, 127.0.0.1 trusted as a proxy: every checkout's shopper has an
    // address of their own (X-Forwarded-For), as behind a load balancer.
    const env = serverEnvironment({ port, dataDir: storeEnv.dataDir, logLevel: settings.logLevel, databaseUrl: storeEnv.databaseUrl }) as NodeJS.ProcessEnv;
    log(`\n[${store}] creating the soak merchant…`);
    const merchant = await createMerchant(env);
    // The server alone gets the heap probe (one memory line every 10 s; observes only).
    const probe = `--require ${path.join(root, 'bench', 'lib', 'soak-heap-probe.cjs')}`;
    const serverEnv = { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, probe].filter(Boolean).join(' ') };
    const callbackStub = await startCallbackStub({ callbackSecrets: [merchant.callbackSecret] });
    onCleanup('stop the callback stub', () => callbackStub.close());

    const logDir = await mkdtemp(path.join(os.tmpdir(), `kasa-soak-${store}-log-`));
    onCleanup(`remove ${logDir}`, async () => {
      if (keepLog) log(`[${store}] server log kept: ${serverLog?.file}`);
      else await rm(logDir, { recursive: true, force: true });
    });
    const theLog = (serverLog = new ServerLog(path.join(logDir, 'server.log')));
    onCleanup('close the server log', theLog.close);
    log(`[${store}] starting scripts/server.mjs on port ${port} (KASA_LOG_LEVEL=${settings.logLevel}, KASA_TRUSTED_PROXIES=127.0.0.1), callbacks to ${callbackStub.url}…`);
    const running = (server = await startServer(serverEnv, port, 120_000, { onLine: theLog.onLine }));

    const ctx: SoakContext = { baseUrl: running.baseUrl, merchant, callbackUrl: callbackStub.url, actionId: serverActionId('startPayment'), recorder: setupRecorder };
    log(`[${store}] warm-up: every flow of the mix twice…`);
    for (let round = 0; round < 2; round++) for (const kind of MIX) allFlows.push(await runFlow(ctx, kind));

    let mixesPerSecond = settings.rate;
    if (!mixesPerSecond && !wasInterrupted()) {
      log(`[${store}] measuring the maximum rate of the mix (closed loop, ${settings.probeSeconds} s per step)…`);
      const { steps, best } = await measureMaxRate(store, ctx, running.pid, allFlows);
      report.maxRate = { steps, mixesPerSecond: best, flowsPerSecond: best * MIX.length };
      mixesPerSecond = best / 2;
      if (!(mixesPerSecond > 0)) throw new BenchSetupError('the maximum-rate measurement completed no flow');
    }
    const flowsPerSecond = mixesPerSecond * MIX.length;
    report.rate = { mixesPerSecond, flowsPerSecond };
    if (wasInterrupted()) throw new BenchSetupError('interrupted');
    // Let the callbacks of the measurement drain before the soak starts.
    await delay(2_000);

    log(
      `[${store}] soak: ${mixesPerSecond.toFixed(2)} mixes/s = ${flowsPerSecond.toFixed(2)} flows/s, open loop, ${settings.durationSeconds} s` +
        `${settings.rate ? ' (SOAK_RATE)' : ' (half the maximum)'}…`,
    );
    const soakCtx: SoakContext = { ...ctx, recorder: soakRecorder };
    const soakFlows: FlowResult[] = [];
    const samples: ProcessSample[] = [];
    const t0 = performance.now();
    const soakStartedAt = Date.now();
    const now = () => (performance.now() - t0) / 1000;
    theLog.heapClock = now;
    const first = sampleProcess(running.pid, 0);
    if (first) samples.push(first);
    let lastPrinted = first;
    const load = openLoop(soakCtx, {
      flowsPerSecond,
      seconds: settings.durationSeconds,
      // A backlog of 20 s of arrivals means the server is not keeping up.
      maxInFlight: Math.max(64, Math.ceil(flowsPerSecond * 20)),
      sink: soakFlows,
    });
    let lastPrintAt = 0;
    let windowStartedAt = Date.now();
    let clientCpu = process.cpuUsage();
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    theLog.recordDurations = true;
    const sampler = setInterval(() => {
      const sample = sampleProcess(running.pid, now());
      if (!sample) return;
      samples.push(sample);
      if (sample.t - lastPrintAt < PRINT_EVERY_MS / 1000 - 0.5) return;
      const window = soakRecorder.takeWindow();
      const seconds = sample.t - lastPrintAt;
      const callbacks = callbackProgress([...allFlows, ...soakFlows], callbackStub.received, windowStartedAt);
      windowStartedAt = Date.now();
      const cpu = process.cpuUsage(clientCpu);
      clientCpu = process.cpuUsage();
      const line: ProgressLine = {
        t: sample.t,
        rssMiB: sample.rssMiB,
        cpuPercent: lastPrinted ? (100 * (sample.cpuSeconds - lastPrinted.cpuSeconds)) / (sample.t - lastPrinted.t) : NaN,
        requests: window.requests,
        requestsPerSecond: window.requests / seconds,
        fiveXx: window.fiveXx,
        noAnswer: window.noAnswer,
        unexpected: window.unexpected,
        p99Ms: window.p99Ms,
        inFlight: load.inFlight(),
        callbacksExpected: callbacks.expected,
        callbacksArrived: callbacks.arrived,
        callbackDelayP99Ms: callbacks.delayP99Ms,
        heapAfterGcMiB: (theLog.heap[theLog.heap.length - 1]?.heapAfterMajorGc ?? NaN) / 2 ** 20,
        loadAverage: os.loadavg()[0],
        serverRunQueuePercent: lastPrinted ? (100 * (sample.runQueueSeconds - lastPrinted.runQueueSeconds)) / (sample.t - lastPrinted.t) : NaN,
        serverP99Ms: percentile(theLog.takeDurations(), 99),
        clientCpuPercent: (100 * (cpu.user + cpu.system)) / 1e6 / seconds,
        clientLagP99Ms: lag.percentile(99) / 1e6,
      };
      lag.reset();
      lastPrintAt = sample.t;
      lastPrinted = sample;
      report.progress.push(line);
      log(formatProgress(store, line));
    }, SAMPLE_EVERY_MS);
    onCleanup('stop the sampler', () => { clearInterval(sampler); });
    report.openLoop = await load.done;
    clearInterval(sampler);
    if (wasInterrupted()) throw new BenchSetupError('interrupted');
    lag.disable();
    theLog.recordDurations = false;
    report.serverDurationsMs = { p50: percentile(theLog.allDurations, 50), p99: percentile(theLog.allDurations, 99), max: percentile(theLog.allDurations, 100) };
    allFlows.push(...soakFlows);
    report.flows = { soak: soakFlows.length, soakFailed: soakFlows.filter((flow) => !flow.ok).length, total: allFlows.length };
    theLog.heapClock = null;
    report.memorySamples = {
      rss: samples.filter((sample) => sample.t <= settings.durationSeconds + 1),
      heap: theLog.heap.filter((sample) => sample.t <= settings.durationSeconds + 1),
    };
    report.memory = judgeMemory(report.memorySamples.rss, report.memorySamples.heap, settings.durationSeconds);

    // Every callback owed must arrive: wait (bounded) until none is missing.
    const waitStarted = performance.now();
    log(`[${store}] load done; waiting up to ${settings.callbackWaitSeconds} s for the remaining callbacks…`);
    for (;;) {
      const account = accountCallbacks(allFlows, callbackStub.received);
      if (account.lost === 0 || wasInterrupted() || performance.now() - waitStarted > settings.callbackWaitSeconds * 1000) break;
      await delay(250);
    }
    // A moment more, so that a duplicate or late extra post would be seen too.
    if (!wasInterrupted()) await delay(1_000);
    report.callbacks = {
      ...accountCallbacks(allFlows, callbackStub.received, { settledFrom: soakStartedAt }),
      waitedSeconds: (performance.now() - waitStarted) / 1000,
      setupDelayMs: accountCallbacks(allFlows, callbackStub.received, { settledTo: soakStartedAt }).delayMs,
    };
    report.serverExit = running.exitInfo();
    await running.stop();
    await theLog.close();
    report.cardAudit = { checked: true, found: cardDataInLog(theLog.file) };
  } catch (error) {
    report.setupError = error instanceof Error ? error.message : String(error);
    if (!(error instanceof BenchSetupError) && error instanceof Error && error.stack) report.setupError += `\n${error.stack}`;
    if (server && !wasInterrupted()) log(`[${store}] last server output:\n${server.logTail() || '(none)'}`);
  } finally {
    report.requests = soakRecorder.totals();
    report.setupRequests = setupRecorder.totals();
    if (serverLog) report.serverLog = { lines: serverLog.lines, warn: serverLog.warn, error: serverLog.error, samples: serverLog.samples };
    report.finishedAt = new Date().toISOString();
    report.criteria = criteriaOf(report);
    report.ok = !wasInterrupted() && report.criteria.length > 0 && report.criteria.every((criterion) => criterion.pass);
    // Kept for a failed run (or on request); an interrupted run leaves nothing behind.
    keepLog = !wasInterrupted() && (!report.ok || process.env.SOAK_KEEP_LOG === '1') && serverLog !== undefined;
    await runAllCleanups();
  }
  return report;
}

async function main(): Promise<number> {
  installSignalHandlers();
  const stores = selectedStores({
    variable: 'SOAK_STORES',
    list: process.env.SOAK_STORES,
    adminUrl,
    urlVariables: 'none of SOAK_DATABASE_URL, BENCH_DATABASE_URL, DATABASE_URL',
  });
  const m = machineInfo();
  log('Kasa soak');
  log(`Machine: ${m.cpus} CPUs (${m.cpuModel}), Node ${m.node}, ${m.platform}, ${m.totalMemoryGiB} GiB RAM, load average ${m.loadAverage.join(' ')}`);
  log(`Mix (${MIX.length} flows per mix): ${MIX_DESCRIPTION}.`);
  log(
    `Method: ${settings.rate ? `SOAK_RATE=${settings.rate} mixes/s` : `maximum measured closed loop (${settings.probeSeconds} s per step), soak at half`}, ` +
      `open loop for ${settings.durationSeconds} s; server RSS and CPU from /proc every ${SAMPLE_EVERY_MS / 1000} s, a line every ${PRINT_EVERY_MS / 1000} s.`,
  );
  log(`Stores: ${stores.join(', ')}${stores.includes('postgres') ? '' : ' (set SOAK_DATABASE_URL or BENCH_DATABASE_URL to soak PostgreSQL too)'}`);
  log('\nProduction build (scripts/ensure-build.mjs)…');
  ensureBuild();

  const reports: SoakReport[] = [];
  for (const store of stores) {
    if (wasInterrupted()) break;
    const report = await soakStore(store);
    reports.push(report);
    const file = writeJson(report, path.join(root, 'bench', 'results'));
    log(formatReport(report));
    log(`[${store}] results: ${path.relative(process.cwd(), file)}`);
  }
  const interrupted = wasInterrupted();
  if (interrupted) return interrupted === 'SIGINT' ? 130 : 143;
  return reports.length > 0 && reports.every((report) => report.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    await runAllCleanups();
    process.exit(1);
  },
);
