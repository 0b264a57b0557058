// Result types, baseline/ratio/target evaluation, the printed tables and the JSON file.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatFirstLoad, type FirstLoadResult } from './first-load';
import { formatLighthouse, LIGHTHOUSE_TARGETS, type CategoryId, type LighthouseResult } from './lighthouse';
import { formatExport, type ExportResult } from './export';
import { formatMemory, type MemoryResult } from './memory';
import type { Measurement } from './load';
import type { StoreName } from './stores';
import type { Target } from './types';

export type RowStatus = 'ok' | 'errors' | 'failed' | 'skipped';

export interface ScenarioResult {
  name: string;
  role: 'constant (first)' | 'constant (between)' | 'constant (last)' | 'scenario';
  /** The constant route's runs just before and after this scenario, which its ratios are against. */
  adjacentBaseline?: { rps: number; p50: number; p99: number };
  status: RowStatus;
  /** Why a scenario failed or was skipped. */
  reason?: string;
  measurement?: Measurement;
  warmup?: { requests: number; non2xx: number; errors: number; statusCodes: Record<string, number> };
  /** Server log lines written during the measured phase (KASA_LOG_LEVEL=warn: warnings and errors). */
  serverLogLines?: number;
  serverLogSample?: string[];
  ratios?: { rps: number; p50: number; p99: number };
  /** The server's CPU time per measured request: all its threads, and its main thread alone (Linux). */
  cpuPerRequest?: { processMs: number; mainThreadMs: number };
  /**
   * The constant route's main-thread CPU per request over this scenario's (the runs around it): the
   * throughput ratio were the main thread the only limit, whatever CPU the server got meanwhile.
   */
  cpuRatio?: number;
  target?: Target;
  targetResult?: { pass: boolean; misses: string[] };
}

export interface Baseline {
  rps: number;
  p50: number;
  p99: number;
  first: { rps: number; p50: number; p99: number } | null;
  last: { rps: number; p50: number; p99: number } | null;
  /** (last − first) / first of the constant route's req/s. */
  drift: number | null;
}

export interface StoreReport {
  store: StoreName;
  storeDescription: string;
  startedAt: string;
  finishedAt: string;
  /** `.next/BUILD_ID` of the production build that was measured. */
  buildId?: string | null;
  /** The server's last output lines when something failed. */
  serverLogTail?: string;
  machine: MachineInfo;
  settings: {
    connections: number;
    warmupSeconds: number;
    durationSeconds: number;
    memoryPayments: number;
    lighthouseRuns: number;
    serverLogLevel: string;
    loadGenerator: string;
  };
  baseline: Baseline | null;
  results: ScenarioResult[];
  /** Non-fatal notes (missed targets, drift). */
  missed: string[];
  /** True when every scenario ran (or was legitimately skipped) without non-2xx answers or errors. */
  ok: boolean;
  /** Set when the store could not be benchmarked at all (build, merchant, server start). */
  setupError?: string;
  /** The checkout page's first-load JavaScript (measured on the embedded store's server). */
  firstLoadJs?: FirstLoadResult;
  /** The server's resident memory after half and after all of BENCH_MEMORY_PAYMENTS sales. */
  memory?: MemoryResult;
  /** The server's RSS while it streams every payment of the memory check as CSV. */
  export?: ExportResult;
  /** Lighthouse scores of the checkout page (measured on the embedded store's server). */
  lighthouse?: LighthouseResult;
  /** Checks that failed the run (the server exited, the memory run's sales had errors). */
  checkFailures?: string[];
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  node: string;
  platform: string;
  totalMemoryGiB: number;
  loadAverage: number[];
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

function pick(m: Measurement | undefined) {
  return m ? { rps: m.rps, p50: m.latency.p50, p99: m.latency.p99 } : null;
}

/** Baseline = mean of the constant route measured first and last (either alone if the other failed). */
export function computeBaseline(results: ScenarioResult[]): Baseline | null {
  const usable = (r: ScenarioResult | undefined) => (r && r.status === 'ok' ? r.measurement : undefined);
  const first = pick(usable(results.find((r) => r.role === 'constant (first)')));
  const last = pick(usable(results.find((r) => r.role === 'constant (last)')));
  const both = [first, last].filter((x): x is NonNullable<typeof x> => x !== null);
  if (both.length === 0) return null;
  const mean = (key: 'rps' | 'p50' | 'p99') => both.reduce((a, b) => a + b[key], 0) / both.length;
  return { rps: mean('rps'), p50: mean('p50'), p99: mean('p99'), first, last, drift: first && last ? (last.rps - first.rps) / first.rps : null };
}

export function evaluate(results: ScenarioResult[], baseline: Baseline | null, store: StoreName): string[] {
  const missed: string[] = [];
  const usableConstant = (r: ScenarioResult | undefined) => (r && r.role !== 'scenario' && r.status === 'ok' ? pick(r.measurement) : null);
  for (const [index, r] of results.entries()) {
    const m = r.measurement;
    if (!m) continue;
    // A scenario's ratios: against the constant runs around it (the whole run's mean for the constant rows).
    const around = r.role === 'scenario' ? [usableConstant(results[index - 1]), usableConstant(results[index + 1])].filter((x) => x !== null) : [];
    const local = around.length > 0
      ? { rps: around.reduce((a, b) => a + b.rps, 0) / around.length, p50: around.reduce((a, b) => a + b.p50, 0) / around.length, p99: around.reduce((a, b) => a + b.p99, 0) / around.length }
      : baseline;
    if (r.role === 'scenario' && around.length > 0 && local) r.adjacentBaseline = local;
    if (local) r.ratios = { rps: m.rps / local.rps, p50: m.latency.p50 / local.p50, p99: m.latency.p99 / local.p99 };
    const constantCpu = [index - 1, index + 1]
      .filter((i) => i >= 0 && i < results.length)
      .map((i) => results[i])
      .filter((x) => x.role !== 'scenario' && x.status === 'ok')
      .flatMap((x) => (x.cpuPerRequest ? [x.cpuPerRequest.mainThreadMs] : []));
    if (r.role === 'scenario' && r.cpuPerRequest && constantCpu.length > 0 && r.cpuPerRequest.mainThreadMs > 0) {
      r.cpuRatio = constantCpu.reduce((a, b) => a + b, 0) / constantCpu.length / r.cpuPerRequest.mainThreadMs;
    }
    const t = r.target;
    if (!t || (t.stores && !t.stores.includes(store))) continue;
    const misses: string[] = [];
    const minRatio = minRatioOf(t, store);
    if (minRatio !== undefined) {
      if (!r.ratios) misses.push('throughput ratio unknown (no constant-route baseline)');
      else if (r.ratios.rps < minRatio) misses.push(`throughput ${pct(r.ratios.rps)} of the constant route (target ≥ ${pct(minRatio)})`);
    }
    if (t.maxP99Ms !== undefined && !(m.latency.p99 < t.maxP99Ms)) misses.push(`p99 ${ms(m.latency.p99)} ms (target < ${t.maxP99Ms} ms)`);
    r.targetResult = { pass: misses.length === 0 && r.status === 'ok', misses };
    if (misses.length > 0) missed.push(`MISSED [${store}] ${r.name}: ${misses.join('; ')}`);
  }
  return missed;
}

/** MISSED lines of the checks, and failures for errors among the memory check's sales. */
export function evaluateChecks(report: StoreReport): void {
  const { store, firstLoadJs, lighthouse, memory } = report;
  if (firstLoadJs && !firstLoadJs.pass) report.missed.push(`MISSED ${formatFirstLoad(firstLoadJs)}`);
  if (lighthouse && !lighthouse.pass) {
    const misses = (Object.entries(LIGHTHOUSE_TARGETS) as Array<[CategoryId, number]>)
      .filter(([id, target]) => lighthouse.scores[id] < target)
      .map(([id, target]) => `${id} ${lighthouse.scores[id]} (target ${target === 100 ? '' : '≥ '}${target})`);
    report.missed.push(`MISSED [${store}] Lighthouse ${lighthouse.page}: ${misses.join('; ')}`);
  }
  if (report.export && !report.export.pass) {
    const { value, target } = formatExport(report.export);
    report.missed.push(`MISSED [${store}] CSV export ${value} (target ${target})`);
  }
  if (memory) {
    const { value, target } = formatMemory(memory);
    if (!memory.pass) report.missed.push(`MISSED [${store}] server RSS ${value} (target ${target})`);
    const { non2xx, errors, statusCodes } = memory.load;
    if (non2xx > 0 || errors > 0) {
      report.checkFailures = [
        ...(report.checkFailures ?? []),
        `memory: ${non2xx} non-2xx ${JSON.stringify(statusCodes)}, ${errors} connection errors among the payments`,
      ];
    }
  }
}

function pct(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : '—';
}
function times(x: number): string {
  return Number.isFinite(x) ? `×${x.toFixed(2)}` : '—';
}
function ms(x: number): string {
  if (!Number.isFinite(x)) return '—';
  return x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0);
}
function int(x: number): string {
  return Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '—';
}

function minRatioOf(t: Target, store: StoreName): number | undefined {
  return t.minRatioByStore?.[store] ?? t.minRatio;
}

function targetText(t: Target | undefined, store: StoreName): string {
  if (!t || (t.stores && !t.stores.includes(store))) return '—';
  const parts: string[] = [];
  const minRatio = minRatioOf(t, store);
  if (minRatio !== undefined) parts.push(`≥ ${Math.round(minRatio * 100)} %`);
  if (t.maxP99Ms !== undefined) parts.push(`p99 < ${t.maxP99Ms} ms`);
  return parts.join(', ');
}

function resultText(r: ScenarioResult): string {
  if (r.status === 'skipped') return 'SKIPPED';
  if (r.status === 'failed') return 'FAILED';
  if (r.status === 'errors') return 'ERRORS';
  if (r.targetResult) return r.targetResult.pass ? 'PASS' : 'MISSED';
  return 'ok';
}

function table(headers: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatReport(report: StoreReport): string {
  const out: string[] = [];
  const { store } = report;
  out.push('');
  out.push(`══ Store: ${report.storeDescription}`);
  if (report.setupError) {
    out.push(`SETUP FAILED: ${report.setupError}`);
    return out.join('\n');
  }
  const headers = ['Scenario', 'req/s', 'vs const', 'p50 ms', 'vs const', 'p99 ms', 'vs const', 'CPU ms', 'main ms', 'main vs const', 'non-2xx', 'errors', 'target', 'result'];
  const rows = report.results.map((r) => {
    const m = r.measurement;
    const label = r.role === 'scenario' ? r.name : `${r.name} [${r.role}]`;
    if (!m) return [label, '—', '—', '—', '—', '—', '—', '—', '—', '—', '—', '—', targetText(r.target, store), resultText(r)];
    return [
      label,
      int(m.rps),
      r.ratios ? pct(r.ratios.rps) : '—',
      ms(m.latency.p50),
      r.ratios ? times(r.ratios.p50) : '—',
      ms(m.latency.p99),
      r.ratios ? times(r.ratios.p99) : '—',
      r.cpuPerRequest ? r.cpuPerRequest.processMs.toFixed(2) : '—',
      r.cpuPerRequest ? r.cpuPerRequest.mainThreadMs.toFixed(2) : '—',
      r.cpuRatio !== undefined ? pct(r.cpuRatio) : '—',
      int(m.non2xx),
      int(m.errors),
      targetText(r.target, store),
      resultText(r),
    ];
  });
  out.push(table(headers, rows, new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])));
  out.push('');
  const b = report.baseline;
  if (b) {
    const fmt = (x: { rps: number; p50: number; p99: number } | null) => (x ? `${int(x.rps)} req/s, p50 ${ms(x.p50)} ms, p99 ${ms(x.p99)} ms` : 'n/a');
    out.push(
      'A scenario\'s "vs const" is against the mean of the constant-route runs just before and after it (rows [constant (between)]); ' +
        '"CPU ms" is the server\'s CPU time per request (all threads), "main ms" its main thread\'s, and "main vs const" the ' +
        'constant route\'s main-thread ms over the scenario\'s (the throughput ratio were the main thread the only limit). ' +
        `Whole run: the constant route GET /api/health/live measured first and last: ${fmt(b)} ` +
        `(first: ${fmt(b.first)}; last: ${fmt(b.last)}${b.drift !== null ? `; drift ${(b.drift * 100).toFixed(1)} %` : ''}).`,
    );
    if (b.drift !== null && Math.abs(b.drift) > 0.15) {
      out.push(`NOTE: the constant route drifted by more than 15 % between the first and last run: the machine was noisy, ratios are approximate.`);
    }
  } else {
    out.push('No baseline: the constant route could not be measured, so no ratios.');
  }
  for (const r of report.results) {
    const m = r.measurement;
    if (r.status === 'failed' || r.status === 'skipped') out.push(`${r.status === 'failed' ? 'FAILED' : 'SKIPPED'} ${r.name}: ${r.reason}`);
    if (m && (m.non2xx > 0 || m.errors > 0)) {
      const codes = Object.entries(m.statusCodes)
        .filter(([code]) => !code.startsWith('2'))
        .map(([code, n]) => `${code}×${n}`)
        .join(', ');
      out.push(`ERRORS ${r.name}: ${m.non2xx} non-2xx${codes ? ` (${codes})` : ''}, ${m.errors} connection errors (${m.timeouts} timeouts) of ${m.requests} responses.`);
      for (const s of m.errorSamples) out.push(`    sample ${s.status}: ${s.body}`);
    }
    if (r.warmup && (r.warmup.non2xx > 0 || r.warmup.errors > 0)) {
      out.push(`ERRORS ${r.name} (warm-up): ${r.warmup.non2xx} non-2xx ${JSON.stringify(r.warmup.statusCodes)}, ${r.warmup.errors} connection errors.`);
    }
    if (r.serverLogLines) {
      out.push(`NOTE ${r.name}: the server wrote ${r.serverLogLines} log line(s) at level warn or above during the measurement:`);
      for (const line of r.serverLogSample ?? []) out.push(`    ${line.slice(0, 300)}`);
      if (r.serverLogSample?.some((line) => line.includes('"aborted"'))) {
        out.push('    ("aborted": autocannon closes its connections at the end of a timed phase, cutting requests still in flight.)');
      }
    }
  }
  const checks = formatChecks(report);
  if (checks) out.push('', checks, '');
  for (const failure of report.checkFailures ?? []) out.push(`FAILED ${failure}`);
  for (const line of report.missed) out.push(line);
  out.push(report.ok ? `[${store}] all scenarios ran without errors.` : `[${store}] SOME SCENARIOS FAILED OR HAD ERRORS (see above).`);
  return out.join('\n');
}

/** The measurements that are not a load scenario: first-load JS, Lighthouse, memory growth. */
function formatChecks(report: StoreReport): string | null {
  const rows: string[][] = [];
  const notes: string[] = [];
  const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISSED');
  if (report.firstLoadJs) {
    const f = report.firstLoadJs;
    rows.push([
      `First-load JS ${f.page}`,
      `${(f.gzipBytes / 1024).toFixed(1)} KiB gzip (${(f.rawBytes / 1024).toFixed(1)} KiB raw, ${f.scripts} scripts)` +
        (f.preloaded.scripts ? ` + ${(f.preloaded.gzipBytes / 1024).toFixed(1)} KiB preloaded (${f.preloaded.scripts} scripts)` : ''),
      `≤ ${f.targetKiB} KiB`,
      verdict(f.pass),
    ]);
  }
  if (report.lighthouse) {
    const l = report.lighthouse;
    const { value, target, details } = formatLighthouse(l);
    rows.push([`Lighthouse ${l.page}`, value, target, verdict(l.pass)]);
    notes.push(`Lighthouse ${l.lighthouseVersion}, ${l.formFactor}, ${l.throttlingMethod} throttling, Chromium ${/Chrome\/(\d+)/.exec(l.userAgent)?.[1] ?? '?'} (${l.chromePath}):`, ...details);
  }
  if (report.memory) {
    const m = report.memory;
    const { value, target, note } = formatMemory(m);
    const errors = m.load.non2xx > 0 || m.load.errors > 0;
    rows.push(['Server RSS growth', value, target, errors ? 'ERRORS' : verdict(m.pass)]);
    notes.push(note);
  }
  if (report.export) {
    const { value, target } = formatExport(report.export);
    rows.push(['CSV export memory', value, target, verdict(report.export.pass)]);
  }
  if (rows.length === 0) return null;
  return [table(['Check', 'value', 'target', 'result'], rows, new Set()), ...notes].join('\n');
}

export function writeJson(report: StoreReport, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `latest-${report.store}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
