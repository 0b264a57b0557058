// The two ways the soak drives its flows: closed loop (N clients, each starting its next flow when the
// last one ends: finds the sustainable rate) and open loop (flows start at a fixed arrival rate
// whatever the answers' latency, so a slower server shows as a growing backlog instead of hiding in a
// lower request rate).
import { wasInterrupted } from './cleanup';
import { MIX, runFlow, type FlowResult, type SoakContext } from './soak-flows';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface ClosedLoopResult {
  workers: number;
  seconds: number;
  /** Flows that ended (ok or not) within the window. */
  completed: number;
  failed: number;
  /** Completed mixes per second (completed flows / flows per mix / seconds). */
  mixesPerSecond: number;
  /** The server's CPU use meanwhile (100 = one core), and the machine's 1-minute load average after. */
  serverCpuPercent?: number;
  loadAverage?: number;
}

/** `workers` clients, each cycling through MIX from its own place, for `seconds`; every flow goes to `sink`. */
export async function closedLoop(ctx: SoakContext, options: { workers: number; seconds: number; sink: FlowResult[] }): Promise<ClosedLoopResult> {
  const started = performance.now();
  const end = started + options.seconds * 1000;
  let completed = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: options.workers }, async (_, worker) => {
      for (let n = worker; performance.now() < end && !wasInterrupted(); n++) {
        const result = await runFlow(ctx, MIX[n % MIX.length]);
        options.sink.push(result);
        if (performance.now() <= end) {
          completed += 1;
          if (!result.ok) failed += 1;
        }
      }
    }),
  );
  const seconds = options.seconds;
  return { workers: options.workers, seconds, completed, failed, mixesPerSecond: completed / MIX.length / seconds };
}

export interface OpenLoopResult {
  /** Flows started. */
  arrivals: number;
  /** Arrivals not started because `maxInFlight` flows were still running (the server fell behind). */
  missed: number;
  peakInFlight: number;
  seconds: number;
}

/**
 * Starts flows of MIX in turn at `flowsPerSecond`, evenly spaced on the clock, for `seconds`, then
 * waits for the flows in flight. `inFlight()` reports the running flows at any time.
 */
export function openLoop(
  ctx: SoakContext,
  options: { flowsPerSecond: number; seconds: number; maxInFlight: number; sink: FlowResult[] },
): { inFlight: () => number; done: Promise<OpenLoopResult> } {
  const running = new Set<Promise<void>>();
  let peakInFlight = 0;
  const done = (async () => {
    const intervalMs = 1000 / options.flowsPerSecond;
    const total = Math.floor(options.seconds * options.flowsPerSecond);
    const started = performance.now();
    let n = 0;
    let missed = 0;
    while (n < total && !wasInterrupted()) {
      const due = Math.min(total, Math.floor((performance.now() - started) / intervalMs) + 1);
      for (; n < due; n++) {
        if (running.size >= options.maxInFlight) {
          missed += 1;
          continue;
        }
        const flow = runFlow(ctx, MIX[n % MIX.length]).then((result) => {
          options.sink.push(result);
          running.delete(flow);
        });
        running.add(flow);
        peakInFlight = Math.max(peakInFlight, running.size);
      }
      const nextAt = started + n * intervalMs;
      await sleep(Math.max(1, Math.min(50, nextAt - performance.now())));
    }
    const seconds = (performance.now() - started) / 1000;
    await Promise.all([...running]);
    return { arrivals: n - missed, missed, peakInFlight, seconds };
  })();
  return { inFlight: () => running.size, done };
}
