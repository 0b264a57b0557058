// A LIFO stack of clean-up steps (stop the server, drop the bench database, remove the temp dir) that
// runs exactly once: at the end of a store's run, on an error, or on Ctrl-C / SIGTERM.

type Step = { label: string; run: () => Promise<void> | void };

const steps: Step[] = [];
const syncKillers = new Set<() => void>();
let interrupted: NodeJS.Signals | null = null;

/** Registers a clean-up step; returns a function that runs (and unregisters) just that step. */
export function onCleanup(label: string, run: () => Promise<void> | void): () => Promise<void> {
  const step: Step = { label, run };
  steps.push(step);
  return async () => {
    const index = steps.indexOf(step);
    if (index === -1) return;
    steps.splice(index, 1);
    await runStep(step);
  };
}

/** A last-resort synchronous action for `process.on('exit')` (e.g. SIGKILL a server still alive). */
export function onExitSync(kill: () => void): () => void {
  syncKillers.add(kill);
  return () => syncKillers.delete(kill);
}

async function runStep(step: Step): Promise<void> {
  try {
    await step.run();
  } catch (error) {
    console.error(`clean-up "${step.label}" failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

let draining: Promise<void> | null = null;

/**
 * Runs every registered step, last first. A call while a run is under way joins it (a Ctrl-C during
 * the harness's own clean-up must not exit before the steps still running have finished).
 */
export function runAllCleanups(): Promise<void> {
  draining ??= (async () => {
    try {
      while (steps.length > 0) await runStep(steps.pop()!);
    } finally {
      draining = null;
    }
  })();
  return draining;
}

export function wasInterrupted(): NodeJS.Signals | null {
  return interrupted;
}

export function installSignalHandlers(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (interrupted) {
        console.error(`\nSecond ${signal}: exiting now.`);
        process.exit(130);
      }
      interrupted = signal;
      console.error(`\n${signal} received: stopping the server and cleaning up…`);
      void runAllCleanups().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  process.on('exit', () => {
    for (const kill of syncKillers) {
      try {
        kill();
      } catch {
        // best effort only
      }
    }
  });
}
