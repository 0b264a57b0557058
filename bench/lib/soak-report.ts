// The soak's verdicts: callbacks owed vs delivered, whether memory stayed flat, the pass/fail
// criteria, the printed summary and bench/results/soak-<store>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ReceivedCallback } from '../../tests/resilience/callback-stub';
import type { MachineInfo } from './report';
import type { FlowResult } from './soak-flows';
import type { ClosedLoopResult, OpenLoopResult } from './soak-load';
import type { ProcessSample } from './soak-monitor';
import { median, percentile, type KindTotals } from './soak-stats';
import type { StoreName } from './stores';

// ---- callbacks ----

export interface CallbackAccount {
  /** Checkouts whose every attempt has a known outcome. */
  checkouts: number;
  /** Checkouts left out: an attempt's answer never came cleanly, so what Kasa owes is unknown. */
  uncertainCheckouts: number;
  /** One per processed attempt of those checkouts (§7). */
  expected: number;
  /** Expected events that arrived (distinct eventIds), with the expected status. */
  delivered: number;
  /** Expected and not arrived. */
  lost: number;
  /** Arrived with another status than the attempt's outcome. */
  wrongStatus: number;
  /** Events nobody expected (a sequence beyond the attempts, or an unknown checkout). */
  unexpected: number;
  /** Events of the uncertain checkouts (not judged). */
  ofUncertainCheckouts: number;
  /** eventIds accepted more than once, and the surplus posts. */
  duplicateEvents: number;
  duplicatePosts: number;
  /** Events of one checkout that arrived out of sequence order. */
  outOfOrder: number;
  /** Posts whose X-Kasa-Signature did not verify with the merchant's callback secret. */
  badSignatures: number;
  /** From the request that settled the attempt (the 3-D Secure return, or Pay) to the callback's arrival, ms. */
  delayMs: { p50: number; p99: number; max: number };
  /** A few lost or wrong events, for the report. */
  samples: string[];
}

/**
 * Which events count in `delayMs` (Date.now() ms): those that arrived from `arrivedFrom` on, of
 * attempts settled within [`settledFrom`, `settledTo`).
 */
export interface DelayFilter {
  arrivedFrom?: number;
  settledFrom?: number;
  settledTo?: number;
}

export function accountCallbacks(flows: FlowResult[], received: ReceivedCallback[], filter: DelayFilter = {}): CallbackAccount {
  const { arrivedFrom = 0, settledFrom = 0, settledTo = Infinity } = filter;
  const byCheckout = new Map<string, ReceivedCallback[]>();
  const acceptedPerEvent = new Map<string, number>();
  let badSignatures = 0;
  for (const callback of received) {
    if (callback.signatureProblem) badSignatures += 1;
    if (callback.answered >= 300) continue;
    acceptedPerEvent.set(callback.eventId, (acceptedPerEvent.get(callback.eventId) ?? 0) + 1);
    if (acceptedPerEvent.get(callback.eventId)! > 1) continue; // counted as a duplicate below
    const list = byCheckout.get(callback.checkoutId) ?? [];
    list.push(callback);
    byCheckout.set(callback.checkoutId, list);
  }
  const duplicates = [...acceptedPerEvent.values()].filter((count) => count > 1);

  const account: CallbackAccount = {
    checkouts: 0,
    uncertainCheckouts: 0,
    expected: 0,
    delivered: 0,
    lost: 0,
    wrongStatus: 0,
    unexpected: 0,
    ofUncertainCheckouts: 0,
    duplicateEvents: duplicates.length,
    duplicatePosts: duplicates.reduce((sum, count) => sum + count - 1, 0),
    outOfOrder: 0,
    badSignatures,
    delayMs: { p50: NaN, p99: NaN, max: NaN },
    samples: [],
  };
  const delays: number[] = [];
  const known = new Set<string>();
  for (const flow of flows) {
    if (!flow.checkoutId) continue;
    known.add(flow.checkoutId);
    const arrived = byCheckout.get(flow.checkoutId) ?? [];
    if (flow.uncertain) {
      account.uncertainCheckouts += 1;
      account.ofUncertainCheckouts += arrived.length;
      continue;
    }
    account.checkouts += 1;
    account.expected += flow.expected.length;
    for (const expected of flow.expected) {
      const event = arrived.find((callback) => callback.sequence === expected.sequence);
      if (!event) {
        account.lost += 1;
        if (account.samples.length < 10) account.samples.push(`lost: checkout ${flow.checkoutId} event #${expected.sequence} (${expected.status})`);
        continue;
      }
      account.delivered += 1;
      if (event.at >= arrivedFrom && expected.settledAt >= settledFrom && expected.settledAt < settledTo) delays.push(event.at - expected.settledAt);
      if (event.status !== expected.status) {
        account.wrongStatus += 1;
        if (account.samples.length < 10) account.samples.push(`wrong status: checkout ${flow.checkoutId} event #${expected.sequence} is ${event.status}, expected ${expected.status}`);
      }
    }
    const sequences = new Set(flow.expected.map((expected) => expected.sequence));
    account.unexpected += arrived.filter((callback) => !sequences.has(callback.sequence)).length;
    const inArrivalOrder = [...arrived].sort((a, b) => a.at - b.at).map((callback) => callback.sequence);
    for (let i = 1; i < inArrivalOrder.length; i++) if (inArrivalOrder[i] < inArrivalOrder[i - 1]) account.outOfOrder += 1;
  }
  for (const [checkoutId, arrived] of byCheckout) {
    if (known.has(checkoutId)) continue;
    account.unexpected += arrived.length;
    if (account.samples.length < 10) account.samples.push(`unexpected: ${arrived.length} event(s) for unknown checkout ${checkoutId}`);
  }
  const sorted = Float64Array.from(delays).sort();
  account.delayMs = { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.length ? sorted[sorted.length - 1] : NaN };
  return account;
}

/**
 * Callbacks owed so far, how many of them arrived, and the p99 delay of those that arrived since
 * `since` (for the progress lines; cheap enough every 10 s).
 */
export function callbackProgress(flows: FlowResult[], received: ReceivedCallback[], since: number) {
  const account = accountCallbacks(flows, received, { arrivedFrom: since });
  return { expected: account.expected, arrived: account.delivered, delayP99Ms: account.delayMs.p99 };
}

// ---- memory ----

/** One line of bench/lib/soak-heap-probe.cjs (bytes), with its time in seconds since the soak started. */
export interface HeapSample {
  t: number;
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** heapUsed right after the latest major GC (null before the first). */
  heapAfterMajorGc: number | null;
  majorGcs: number;
}

export interface HalvesVerdict {
  firstHalfMedianMiB: number;
  secondHalfMedianMiB: number;
  /** secondHalf / firstHalf − 1. */
  growth: number;
}

export interface MemoryVerdict {
  /** The two halves of the soak after its first minute, seconds. */
  halvesS: [[number, number], [number, number]];
  rss: HalvesVerdict & {
    firstMinuteMedianMiB: number;
    minute2MedianMiB: number;
    lastMinuteMedianMiB: number;
    /** Lowest RSS of each half (after a collection gave memory back). */
    firstHalfMinMiB: number;
    secondHalfMinMiB: number;
    peakMiB: number;
    /** Least-squares slope after the first minute, MiB per minute. */
    slopeMiBPerMinute: number;
    samples: number;
  };
  /** The live V8 heap (after major collections) and memory outside it (PGlite's WebAssembly memory, buffers). */
  heap?: HalvesVerdict & { majorGcs: number; externalFirstMiB: number; externalLastMiB: number; samples: number };
  criterion: string;
  pass: boolean;
  /** Shorter than 3 minutes: the halves are of the run after its first third, shown but not judged. */
  indicative: boolean;
}

/** Allowed growth from the first half to the second. */
export const MEMORY_TOLERANCE = 0.1;

const MiB = 2 ** 20;

function halves(points: { t: number; value: number }[], [first, second]: MemoryVerdict['halvesS']): HalvesVerdict {
  const within = ([from, to]: [number, number]) => points.filter((p) => p.t >= from && p.t < to).map((p) => p.value);
  const firstHalfMedianMiB = median(within(first));
  const secondHalfMedianMiB = median(within(second));
  return { firstHalfMedianMiB, secondHalfMedianMiB, growth: secondHalfMedianMiB / firstHalfMedianMiB - 1 };
}

/**
 * "Memory flat": after the first minute (warm-up: JIT, caches, pools, PGlite's buffers), the median
 * RSS of the second half of the soak is at most 10 % above the first half's, and so is the median of
 * the live V8 heap (heapUsed after major collections). Halves, not the last minute against minute 2:
 * RSS draws a sawtooth several minutes long and ~25 % high between collections (PGlite: 500–660 MiB),
 * so two one-minute windows compare phases of the sawtooth more than memory use. Runs shorter than 3
 * minutes are shown, not judged.
 */
export function judgeMemory(samples: ProcessSample[], heap: HeapSample[], durationS: number): MemoryVerdict {
  const indicative = durationS < 180;
  const warmupS = indicative ? durationS / 3 : 60;
  const middle = warmupS + (durationS - warmupS) / 2;
  const halvesS: MemoryVerdict['halvesS'] = [
    [warmupS, middle],
    [middle, durationS + 1],
  ];
  const rssPoints = samples.map((s) => ({ t: s.t, value: s.rssMiB }));
  const within = ([from, to]: [number, number]) => samples.filter((s) => s.t >= from && s.t < to).map((s) => s.rssMiB);
  const after = samples.filter((s) => s.t >= warmupS);
  const rss = {
    ...halves(rssPoints, halvesS),
    firstMinuteMedianMiB: median(within([0, Math.min(60, durationS)])),
    minute2MedianMiB: median(within([60, 120])),
    lastMinuteMedianMiB: median(within([durationS - 60, durationS + 1])),
    firstHalfMinMiB: Math.min(...within(halvesS[0])),
    secondHalfMinMiB: Math.min(...within(halvesS[1])),
    peakMiB: Math.max(...samples.map((s) => s.rssMiB)),
    slopeMiBPerMinute: slope(after.map((s) => [s.t / 60, s.rssMiB])),
    samples: samples.length,
  };
  const live = heap.filter((h) => h.heapAfterMajorGc !== null).map((h) => ({ t: h.t, value: h.heapAfterMajorGc! / MiB }));
  const heapVerdict = live.length >= 6
    ? {
        ...halves(live, halvesS),
        majorGcs: heap[heap.length - 1].majorGcs,
        externalFirstMiB: heap[0].external / MiB,
        externalLastMiB: heap[heap.length - 1].external / MiB,
        samples: heap.length,
      }
    : undefined;
  const rssFlat = Number.isFinite(rss.growth) && rss.growth <= MEMORY_TOLERANCE;
  const heapFlat = !heapVerdict || (Number.isFinite(heapVerdict.growth) && heapVerdict.growth <= MEMORY_TOLERANCE);
  return {
    halvesS,
    rss,
    heap: heapVerdict,
    criterion: indicative
      ? 'run < 3 min: shown, not judged'
      : `median RSS and median live heap of the second half of minutes 2–${Math.round(durationS / 60)} ≤ ${100 * MEMORY_TOLERANCE} % above the first half's`,
    pass: indicative || (rssFlat && heapFlat),
    indicative,
  };
}

function slope(points: [number, number][]): number {
  if (points.length < 2) return NaN;
  const n = points.length;
  const mx = points.reduce((sum, [x]) => sum + x, 0) / n;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx === 0 ? NaN : sxy / sxx;
}

// ---- the report ----

export interface ProgressLine {
  t: number;
  rssMiB: number;
  cpuPercent: number;
  requests: number;
  requestsPerSecond: number;
  fiveXx: number;
  noAnswer: number;
  unexpected: number;
  p99Ms: number;
  inFlight: number;
  callbacksExpected: number;
  callbacksArrived: number;
  /** The server's live V8 heap as of its latest major collection, MiB (NaN before the first). */
  heapAfterGcMiB: number;
  /** p99 delay of the callbacks that arrived in the window (from the request that settled the attempt), ms. */
  callbackDelayP99Ms: number;
  /** The machine's 1-minute load average (other work shares the CPUs). */
  loadAverage: number;
  /** Share of the window the server's main thread waited for a CPU held by another process, %. */
  serverRunQueuePercent: number;
  /** p99 of the durations the server logged for its route handlers and actions (no queueing), ms. */
  serverP99Ms: number;
  /** The soak process (load generator and callback stub): its CPU use and event-loop delay p99. */
  clientCpuPercent: number;
  clientLagP99Ms: number;
}

export interface Criterion {
  name: string;
  value: string;
  pass: boolean;
}

export interface SoakReport {
  store: StoreName;
  storeDescription: string;
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  buildId: string | null;
  settings: {
    durationSeconds: number;
    probeSeconds: number;
    callbackWaitSeconds: number;
    serverLogLevel: string;
    mix: string;
    flowsPerMix: number;
    rateSource: 'measured' | 'SOAK_RATE';
    loadGenerator: string;
  };
  /** The closed-loop steps that found the maximum. */
  maxRate?: { steps: ClosedLoopResult[]; mixesPerSecond: number; flowsPerSecond: number };
  /** The soak's arrival rate. */
  rate?: { mixesPerSecond: number; flowsPerSecond: number };
  openLoop?: OpenLoopResult;
  progress: ProgressLine[];
  /** Requests of the soak (open loop) by kind. */
  requests: Record<string, KindTotals>;
  /** Durations the server logged for its route handlers and actions during the soak (pages are not logged). */
  serverDurationsMs?: { p50: number; p99: number; max: number };
  /** Requests of the warm-up and the maximum-rate measurement by kind. */
  setupRequests: Record<string, KindTotals>;
  flows?: { soak: number; soakFailed: number; total: number };
  /** Every flow of the run (warm-up and maximum measurement included); `delayMs` of the soak's attempts. */
  callbacks?: CallbackAccount & {
    waitedSeconds: number;
    /** Delays of the attempts settled during the warm-up and maximum measurement (at overload). */
    setupDelayMs: CallbackAccount['delayMs'];
  };
  memory?: MemoryVerdict;
  /** What the memory verdict was drawn from. */
  memorySamples?: { rss: ProcessSample[]; heap: HeapSample[] };
  /** Warn and error lines of the server's log (pino level ≥ 40), with a few samples. */
  serverLog?: { lines: number; warn: number; error: number; samples: string[] };
  cardAudit?: { checked: boolean; found: string[] };
  serverExit?: { code: number | null; signal: string | null } | null;
  setupError?: string;
  criteria: Criterion[];
  ok: boolean;
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const signed = (n: number, digits = 1) => (n >= 0 ? '+' : '') + fmt(n, digits);
const int = (n: number) => n.toLocaleString('en-US');

/** The pass/fail criteria of a finished run. */
export function criteriaOf(report: SoakReport): Criterion[] {
  const soak = Object.values(report.requests);
  const setup = Object.values(report.setupRequests);
  const sum = (rows: KindTotals[], key: 'fiveXx' | 'noAnswer' | 'unexpected' | 'requests') => rows.reduce((total, row) => total + row[key], 0);
  const criteria: Criterion[] = [];
  const fiveXx = sum(soak, 'fiveXx') + sum(setup, 'fiveXx');
  criteria.push({ name: '5xx answers', value: `${fiveXx} (soak ${sum(soak, 'fiveXx')}, warm-up and max-rate measurement ${sum(setup, 'fiveXx')})`, pass: fiveXx === 0 });
  const noAnswer = sum(soak, 'noAnswer');
  criteria.push({ name: 'requests without an answer (soak)', value: String(noAnswer), pass: noAnswer === 0 });
  const unexpected = sum(soak, 'unexpected');
  criteria.push({ name: 'unexpected answers (soak)', value: String(unexpected), pass: unexpected === 0 });
  if (report.openLoop) {
    criteria.push({ name: 'arrivals not started (server fell behind)', value: String(report.openLoop.missed), pass: report.openLoop.missed === 0 });
  }
  const callbacks = report.callbacks;
  if (callbacks) {
    criteria.push({ name: 'callbacks lost', value: `${callbacks.lost} of ${callbacks.expected} expected`, pass: callbacks.lost === 0 && callbacks.expected > 0 });
    criteria.push({ name: 'duplicate callbacks', value: `${callbacks.duplicateEvents} events (${callbacks.duplicatePosts} extra posts)`, pass: callbacks.duplicateEvents === 0 });
    const wrong = callbacks.wrongStatus + callbacks.unexpected + callbacks.outOfOrder + callbacks.badSignatures;
    criteria.push({
      name: 'callbacks wrong (status, unexpected, order, signature)',
      value: `${callbacks.wrongStatus}, ${callbacks.unexpected}, ${callbacks.outOfOrder}, ${callbacks.badSignatures}`,
      pass: wrong === 0,
    });
  }
  if (report.memory) {
    const m = report.memory;
    const change = (h: HalvesVerdict) => `${fmt(h.firstHalfMedianMiB)} → ${fmt(h.secondHalfMedianMiB)} MiB (${signed(100 * h.growth)} %)`;
    criteria.push({
      name: 'memory flat',
      value: `RSS ${change(m.rss)}${m.heap ? `, live heap ${change(m.heap)}` : ''}${m.indicative ? '; not judged: run < 3 min' : ''}`,
      pass: m.pass,
    });
  }
  if (report.serverLog) criteria.push({ name: 'server error log lines', value: String(report.serverLog.error), pass: report.serverLog.error === 0 });
  if (report.cardAudit?.checked) criteria.push({ name: 'card data in the server log', value: String(report.cardAudit.found.length), pass: report.cardAudit.found.length === 0 });
  if (report.serverExit) criteria.push({ name: 'server exited during the run', value: JSON.stringify(report.serverExit), pass: false });
  if (report.setupError) criteria.push({ name: 'run completed', value: report.setupError.split('\n')[0], pass: false });
  return criteria;
}

export function formatProgress(store: StoreName, line: ProgressLine): string {
  return (
    `[${store}] ${String(Math.round(line.t)).padStart(4)} s  rss ${fmt(line.rssMiB).padStart(6)} MiB  heap ${fmt(line.heapAfterGcMiB).padStart(5)} MiB  cpu ${fmt(line.cpuPercent, 0).padStart(3)} % (waiting ${fmt(line.serverRunQueuePercent, 0)} %)  ` +
    `${String(line.requests).padStart(5)} req (${fmt(line.requestsPerSecond).padStart(5)}/s)  5xx ${line.fiveXx}  no answer ${line.noAnswer}  unexpected ${line.unexpected}  ` +
    `p99 ${fmt(line.p99Ms).padStart(6)} ms (server ${fmt(line.serverP99Ms)})  in flight ${line.inFlight}  callbacks ${line.callbacksArrived}/${line.callbacksExpected} (p99 ${fmt(line.callbackDelayP99Ms, 0)} ms)  ` +
    `client cpu ${fmt(line.clientCpuPercent, 0)} % lag ${fmt(line.clientLagP99Ms, 0)} ms  load ${fmt(line.loadAverage, 2)}`
  );
}

function requestTable(rows: Record<string, KindTotals>): string[] {
  const out = ['| request | count | statuses | 5xx | unexpected | p50 ms | p99 ms | max ms |', '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |'];
  let total = 0;
  for (const [kind, row] of Object.entries(rows)) {
    total += row.requests;
    const statuses = Object.entries(row.statuses).map(([status, count]) => `${status}×${int(count)}`).join(' ');
    out.push(`| ${kind} | ${int(row.requests)} | ${statuses} | ${row.fiveXx} | ${row.unexpected} | ${fmt(row.latencyMs.p50)} | ${fmt(row.latencyMs.p99)} | ${fmt(row.latencyMs.max)} |`);
  }
  out.push(`| **total** | **${int(total)}** | | | | | | |`);
  return out;
}

export function formatReport(report: SoakReport): string {
  const { store } = report;
  const out = ['', `## Soak: ${report.storeDescription}`, ''];
  if (report.maxRate) {
    const steps = report.maxRate.steps
      .map((s) => `${s.workers} clients ${fmt(s.mixesPerSecond, 2)} (server CPU ${fmt(s.serverCpuPercent ?? NaN, 0)} %${s.failed ? `, ${s.failed} failed flows` : ''})`)
      .join(', ');
    out.push(`Maximum (closed loop, mixes/s): ${steps} → max ${fmt(report.maxRate.mixesPerSecond, 2)} mixes/s (${fmt(report.maxRate.flowsPerSecond, 1)} flows/s).`);
  }
  if (report.rate && report.openLoop) {
    out.push(
      `Soak: open loop at ${fmt(report.rate.mixesPerSecond, 2)} mixes/s (${fmt(report.rate.flowsPerSecond, 2)} flows/s) for ${fmt(report.openLoop.seconds, 0)} s: ` +
        `${int(report.openLoop.arrivals)} flows started, ${report.openLoop.missed} arrivals missed, peak ${report.openLoop.peakInFlight} in flight.`,
    );
  }
  if (report.progress.length > 0) {
    const mean = (pick: (line: ProgressLine) => number) => {
      const values = report.progress.map(pick).filter(Number.isFinite);
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    };
    const loads = report.progress.map((line) => line.loadAverage);
    out.push(
      `Machine during the soak: server CPU ${fmt(mean((l) => l.cpuPercent), 0)} % of a core on average, its main thread waiting for a CPU ${fmt(mean((l) => l.serverRunQueuePercent), 0)} % of the time; ` +
        `soak process CPU ${fmt(mean((l) => l.clientCpuPercent), 0)} %; load average ${fmt(Math.min(...loads), 2)}–${fmt(Math.max(...loads), 2)} on ${report.machine.cpus} CPUs.`,
    );
  }
  out.push('', ...requestTable(report.requests));
  if (report.serverDurationsMs) {
    const d = report.serverDurationsMs;
    out.push(`Server-side durations of route handlers and actions (its log; no queueing, no pages): p50 ${fmt(d.p50)} ms, p99 ${fmt(d.p99)} ms, max ${fmt(d.max)} ms.`);
  }
  const c = report.callbacks;
  if (c) {
    out.push(
      '',
      `Callbacks: ${int(c.expected)} expected (${int(c.checkouts)} checkouts${c.uncertainCheckouts ? `, ${c.uncertainCheckouts} uncertain left out with ${c.ofUncertainCheckouts} events` : ''}), ` +
        `${int(c.delivered)} delivered, ${c.lost} lost, ${c.duplicateEvents} duplicates, ${c.wrongStatus} wrong status, ${c.unexpected} unexpected, ` +
        `${c.outOfOrder} out of order, ${c.badSignatures} bad signatures (the whole run). Delay from the request that settled the attempt to the ` +
        `callback, soak: p50 ${fmt(c.delayMs.p50, 0)} ms, p99 ${fmt(c.delayMs.p99, 0)} ms, max ${fmt(c.delayMs.max, 0)} ms; warm-up and maximum ` +
        `measurement: p50 ${fmt(c.setupDelayMs.p50, 0)} ms, p99 ${fmt(c.setupDelayMs.p99, 0)} ms, max ${fmt(c.setupDelayMs.max, 0)} ms. ` +
        `Waited ${fmt(c.waitedSeconds)} s after the load.`,
    );
    for (const sample of c.samples) out.push(`  ${sample}`);
  }
  const m = report.memory;
  if (m) {
    const [[a, b], [c]] = m.halvesS;
    out.push(
      `Memory, server RSS (${m.rss.samples} samples every 2 s): median ${fmt(m.rss.firstMinuteMedianMiB)} MiB in minute 1, ${fmt(m.rss.minute2MedianMiB)} in minute 2, ` +
        `${fmt(m.rss.lastMinuteMedianMiB)} in the last minute; halves (s ${fmt(a, 0)}–${fmt(b, 0)} and ${fmt(c, 0)}–end) ${fmt(m.rss.firstHalfMedianMiB)} → ` +
        `${fmt(m.rss.secondHalfMedianMiB)} MiB (${signed(100 * m.rss.growth)} %), lowest ${fmt(m.rss.firstHalfMinMiB)} → ${fmt(m.rss.secondHalfMinMiB)} MiB; ` +
        `peak ${fmt(m.rss.peakMiB)} MiB; slope after the warm-up ${signed(m.rss.slopeMiBPerMinute, 2)} MiB/min.`,
    );
    if (m.heap) {
      out.push(
        `Live V8 heap (heapUsed after major collections, ${m.heap.majorGcs} of them): halves ${fmt(m.heap.firstHalfMedianMiB)} → ${fmt(m.heap.secondHalfMedianMiB)} MiB ` +
          `(${signed(100 * m.heap.growth)} %); memory outside the heap (external: PGlite's WebAssembly memory, buffers) ${fmt(m.heap.externalFirstMiB)} → ${fmt(m.heap.externalLastMiB)} MiB.`,
      );
    }
    out.push(`Memory criterion: ${m.criterion}.`);
  }
  if (report.serverLog) {
    out.push(`Server log: ${int(report.serverLog.lines)} lines, ${report.serverLog.warn} warn, ${report.serverLog.error} error.`);
    for (const sample of report.serverLog.samples) out.push(`  ${sample.slice(0, 400)}`);
  }
  if (report.cardAudit?.checked) out.push(`Card-data audit of the server log: ${report.cardAudit.found.length ? report.cardAudit.found.join('; ') : 'no card number or CVV'}.`);
  if (report.setupError) out.push(`SETUP ERROR: ${report.setupError}`);
  out.push('', '| criterion | value | |', '| --- | --- | --- |');
  for (const criterion of report.criteria) out.push(`| ${criterion.name} | ${criterion.value} | ${criterion.pass ? 'PASS' : 'FAIL'} |`);
  out.push('', report.ok ? `[${store}] SOAK PASSED.` : `[${store}] SOAK FAILED (see the FAIL rows above).`);
  return out.join('\n');
}

export function writeJson(report: SoakReport, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `soak-${report.store}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
