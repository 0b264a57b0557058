// Resident memory of the server over a long run of sales: VmRSS of the process that listens on the
// server's port, sampled after half and after all of the payments, each time as it is and after a
// full garbage collection. Linux only (/proc).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { runLoad } from './load';
import { delay, type HeapAfterGc } from './server';
import type { BenchContext, LoadSpec } from './types';

export interface RssSample {
  /** Payments sent by the memory run when the sample was taken. */
  afterPayments: number;
  /** The compared figure: `afterGcMiB` when the collection could be forced, else `asIsMiB`. */
  rssMiB: number;
  /** Median of 5 readings after the load stopped, before any forced collection. */
  asIsMiB: number;
  /** Median of 5 readings after a forced full garbage collection; null when it could not be forced. */
  afterGcMiB: number | null;
  /**
   * The compared readings split into anonymous memory (heaps, WebAssembly) and file-backed pages
   * (mapped code, which the kernel may drop and read back at any time): medians of RssAnon, RssFile.
   */
  anonMiB: number;
  fileMiB: number;
  /** V8's used heap right after the forced collection (what a leak in JavaScript would grow); null without it. */
  heapUsedMiB: number | null;
  /** VmHWM: the process's peak resident size so far. */
  peakMiB: number;
}

export interface MemoryResult {
  pid: number;
  command: string;
  /** How the pid was found: the owner of the listening socket, or the spawned process as a fallback. */
  pidSource: 'listening socket' | 'spawned process';
  payments: number;
  /** RSS before the memory run (after the scenarios), then after half and after all of the payments. */
  before: RssSample;
  half: RssSample;
  full: RssSample;
  /** (full − half) / half, of `rssMiB`. */
  growth: number;
  /** The same without forcing a collection: how much of the figure depends on V8's collection cycle. */
  growthAsIs: number;
  /** Whether `rssMiB` is measured after a forced garbage collection. */
  forcedGc: boolean;
  /** Target from the issue: growth between half and full < 10 %. */
  maxGrowth: number;
  pass: boolean;
  /** The sales themselves: any non-2xx answer or connection error makes the run fail. */
  load: { seconds: number; rps: number; non2xx: number; errors: number; statusCodes: Record<string, number> };
}

const MAX_GROWTH = 0.1;
const SETTLE_MS = 3_000;
const AFTER_GC_MS = 1_000;
const SAMPLES = 5;
const SAMPLE_INTERVAL_MS = 500;

/** The listening TCP sockets' inodes for `port` (IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const localPort = Number.parseInt(fields[1].split(':').pop() ?? '', 16);
      if (localPort === port && fields[3] === '0A') inodes.add(fields[9]);
    }
  }
  return inodes;
}

/** `pid` and all of its descendants, found through the parent pid in /proc/<pid>/stat. */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command (which may contain spaces and parentheses): state, ppid, …
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

/**
 * The process that actually serves `port`: of the spawned process and its descendants, the one holding
 * the listening socket (scripts/server.mjs runs Next.js in-process today, but a wrapper or a worker
 * would make the spawned pid the wrong one to measure).
 */
export function serverProcess(spawnedPid: number, port: number): Pick<MemoryResult, 'pid' | 'command' | 'pidSource'> {
  const inodes = listeningInodes(port);
  for (const pid of processTree(spawnedPid)) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return { pid, command: commandLine(pid), pidSource: 'listening socket' };
    }
  }
  return { pid: spawnedPid, command: commandLine(spawnedPid), pidSource: 'spawned process' };
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '?';
  }
}

export function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM' | 'RssAnon' | 'RssFile'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}

const mib = (kib: number) => Math.round((kib / 1024) * 10) / 10;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function medianRss(pid: number): Promise<{ rss: number; anon: number; file: number }> {
  const readings: Array<{ rss: number; anon: number; file: number }> = [];
  for (let i = 0; i < SAMPLES; i++) {
    if (i > 0) await delay(SAMPLE_INTERVAL_MS);
    readings.push({ rss: mib(statusKiB(pid, 'VmRSS')), anon: mib(statusKiB(pid, 'RssAnon')), file: mib(statusKiB(pid, 'RssFile')) });
  }
  return { rss: median(readings.map((r) => r.rss)), anon: median(readings.map((r) => r.anon)), file: median(readings.map((r) => r.file)) };
}

/**
 * VmRSS after a settle period, then after a forced full collection. Without one, the figure swings by
 * ±15 % with V8's collection cycle (garbage waiting in the old generation), more than the growth
 * the check looks for.
 */
async function sample(pid: number, afterPayments: number, collectGarbage: () => Promise<HeapAfterGc | null>): Promise<RssSample> {
  await delay(SETTLE_MS);
  const asIs = await medianRss(pid);
  const heap = await collectGarbage();
  const afterGc = heap ? await delay(AFTER_GC_MS).then(() => medianRss(pid)) : null;
  const compared = afterGc ?? asIs;
  return {
    afterPayments,
    rssMiB: compared.rss,
    asIsMiB: asIs.rss,
    afterGcMiB: afterGc?.rss ?? null,
    anonMiB: compared.anon,
    fileMiB: compared.file,
    heapUsedMiB: heap ? mib(heap.heapUsed / 1024) : null,
    peakMiB: mib(statusKiB(pid, 'VmHWM')),
  };
}

/**
 * Sends `payments` approved sales (unique orderIds) in two equal halves and samples the server's RSS
 * before, after the first half and after the second.
 */
export async function measureMemoryGrowth(
  ctx: BenchContext,
  server: { pid: number; port: number; collectGarbage(): Promise<HeapAfterGc | null> },
  spec: LoadSpec,
  payments: number,
  log: (message: string) => void,
): Promise<MemoryResult> {
  const probe = await ctx.call(spec);
  const status = (probe.json as { status?: unknown } | undefined)?.status;
  if (probe.status !== 200 || status !== 'SUCCESS') throw new Error(`probe ${spec.method} ${spec.path} → ${probe.status} ${probe.text.slice(0, 300)}`);
  const target = serverProcess(server.pid, server.port);
  log(`[${ctx.store}] memory: VmRSS of pid ${target.pid} (${target.pidSource}: ${target.command})`);
  // A collection can only be forced in the spawned process (bench/lib/gc-on-signal.mjs).
  const collectGarbage = () => (target.pid === server.pid ? server.collectGarbage() : Promise.resolve(null));
  const before = await sample(target.pid, 0, collectGarbage);
  const half = Math.floor(payments / 2);
  const load: MemoryResult['load'] = { seconds: 0, rps: 0, non2xx: 0, errors: 0, statusCodes: {} };
  const samples: RssSample[] = [];
  for (const [amount, sent] of [
    [half, half],
    [payments - half, payments],
  ]) {
    log(`[${ctx.store}] memory: sending ${amount.toLocaleString('en-US')} payments at ${ctx.connections} connections…`);
    const m = await runLoad(ctx.baseUrl, { ...spec, amount }, { connections: ctx.connections, seconds: 1 });
    load.seconds += m.durationS;
    load.non2xx += m.non2xx;
    load.errors += m.errors;
    for (const [code, count] of Object.entries(m.statusCodes)) load.statusCodes[code] = (load.statusCodes[code] ?? 0) + count;
    const s = await sample(target.pid, sent, collectGarbage);
    log(
      `[${ctx.store}] memory: ${s.asIsMiB} MiB after ${sent.toLocaleString('en-US')} payments (${Math.round(m.rps)} req/s), ` +
        (s.afterGcMiB === null ? 'no forced collection' : `${s.afterGcMiB} MiB after a full collection (V8 heap used ${s.heapUsedMiB} MiB)`),
    );
    samples.push(s);
  }
  load.rps = load.seconds > 0 ? payments / load.seconds : 0;
  const [halfSample, fullSample] = samples;
  const forcedGc = halfSample.afterGcMiB !== null && fullSample.afterGcMiB !== null;
  const growthAsIs = (fullSample.asIsMiB - halfSample.asIsMiB) / halfSample.asIsMiB;
  const growth = forcedGc ? (fullSample.afterGcMiB! - halfSample.afterGcMiB!) / halfSample.afterGcMiB! : growthAsIs;
  // Both figures from the same method: as-is ones when either collection could not be forced.
  const compared = (s: RssSample): RssSample => (forcedGc ? s : { ...s, rssMiB: s.asIsMiB });
  return {
    ...target,
    payments,
    before,
    half: compared(halfSample),
    full: compared(fullSample),
    growth,
    growthAsIs,
    forcedGc,
    maxGrowth: MAX_GROWTH,
    pass: growth < MAX_GROWTH,
    load,
  };
}

const percent = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;

export function formatMemory(result: MemoryResult): { value: string; target: string; note: string } {
  const n = (x: number) => x.toLocaleString('en-US');
  const { half, full } = result;
  return {
    value:
      `${half.rssMiB} MiB → ${full.rssMiB} MiB (${percent(result.growth)}) ` +
      `after ${n(half.afterPayments)} / ${n(full.afterPayments)} payments${result.forcedGc ? ', after a full GC' : ''}`,
    target: `< ${Math.round(result.maxGrowth * 100)} %`,
    note:
      `Memory: VmRSS of pid ${result.pid} (${result.pidSource}), median of 5 readings 3 s after the load` +
      (result.forcedGc ? ` and again 1 s after a forced full GC; without the GC ${half.asIsMiB} → ${full.asIsMiB} MiB (${percent(result.growthAsIs)})` : ' (no GC could be forced)') +
      `; anonymous ${half.anonMiB} → ${full.anonMiB} MiB, file-backed ${half.fileMiB} → ${full.fileMiB} MiB` +
      (half.heapUsedMiB !== null && full.heapUsedMiB !== null ? `; V8 heap used after the GC ${half.heapUsedMiB} → ${full.heapUsedMiB} MiB` : '') +
      `; ${result.before.rssMiB} MiB before the ${n(result.payments)} payments, peak ${full.peakMiB} MiB; ${Math.round(result.load.rps)} payments/s.`,
  };
}
