// The server process as Linux sees it: resident memory (VmRSS) and CPU time of the server and any
// process it started, read from /proc.
import { readFileSync } from 'node:fs';
import { processTree } from '../../tests/support/processes';

export interface ProcessSample {
  /** Seconds since the soak started. */
  t: number;
  /** VmRSS of the server process and its descendants, MiB. */
  rssMiB: number;
  /** User + system CPU seconds so far (the same processes). */
  cpuSeconds: number;
  /** How many processes that was (1: the server alone). */
  processes: number;
  /**
   * Seconds the server's main thread (where its JavaScript and PGlite run) spent runnable but waiting
   * for a CPU (/proc/<pid>/schedstat): other processes on the machine had the cores. NaN if unknown.
   */
  runQueueSeconds: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) : 0;
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the command name.
  return Number(fields[11]) + Number(fields[12]);
}

function runQueueSeconds(pid: number): number {
  try {
    const [, waitNs] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/);
    return Number(waitNs) / 1e9;
  } catch {
    return NaN;
  }
}

/** One reading of `pid` and its descendants; null when /proc has no such process. */
export function sampleProcess(pid: number, t: number): ProcessSample | null {
  let rss = 0;
  let ticks = 0;
  let processes = 0;
  for (const id of processTree(pid)) {
    try {
      rss += rssKiB(id);
      ticks += cpuTicks(id);
      processes += 1;
    } catch {
      // exited meanwhile
    }
  }
  if (processes === 0) return null;
  return { t, rssMiB: rss / 1024, cpuSeconds: ticks / TICKS_PER_SECOND, processes, runQueueSeconds: runQueueSeconds(pid) };
}
