// The server's CPU time, from /proc (Linux): a measure of what a request costs that does not depend
// on how much CPU the server got while other work ran on the machine.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

export interface CpuSample {
  /** All threads of the process (Node's main thread, its workers, V8's and libuv's helpers), ms. */
  processMs: number;
  /** The main thread alone (the one running Next.js and Kasa's request handling), ms. */
  mainThreadMs: number;
}

function ticksOf(statFile: string): number {
  const stat = readFileSync(statFile, 'utf8');
  // Fields after the command name (which may hold spaces): utime is the 14th field, stime the 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** The process's CPU time so far, or null where /proc is not available. */
export function sampleCpu(pid: number): CpuSample | null {
  try {
    let total = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        total += ticksOf(`/proc/${pid}/task/${task}/stat`);
      } catch {
        // a thread that ended meanwhile: its time moved to the process's exited-children counters
      }
    }
    const main = ticksOf(`/proc/${pid}/task/${pid}/stat`);
    return { processMs: (total * 1000) / TICKS_PER_SECOND, mainThreadMs: (main * 1000) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** CPU ms per request between two samples. */
export function cpuPerRequest(before: CpuSample | null, after: CpuSample | null, requests: number) {
  if (!before || !after || requests <= 0) return undefined;
  return {
    processMs: (after.processMs - before.processMs) / requests,
    mainThreadMs: (after.mainThreadMs - before.mainThreadMs) / requests,
  };
}
