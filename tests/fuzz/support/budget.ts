/**
 * How many cases each fuzz property runs, and the one place that runs a property and records its count.
 *
 * FUZZ_RUNS is the number of cases per backend across all properties (default 1500, what `npm test`
 * runs; `npm run test:fuzz` sets 20000). Each property gets a share by its weight below, at least
 * MIN_RUNS. Model-based properties (fc.commands) run FUZZ_RUNS / CASES_PER_SEQUENCE command sequences
 * on top (see MODELS). FUZZ_SEED (and FUZZ_PATH, printed with a counterexample; for a command
 * sequence also FUZZ_REPLAY_PATH) replay a failure:
 *   FUZZ_SEED=<seed> FUZZ_PATH=<path> npx vitest run --project fuzz -t '<property name>'
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { inject } from 'vitest';
import type { Backend } from '../../support/context';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where each property writes its case count (tests/fuzz/support/summary.ts adds them up). */
    fuzzCountsDir: string;
  }
}

const positiveInt = (value: string | undefined) => (value && /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : undefined);

export const TOTAL_RUNS = positiveInt(process.env.FUZZ_RUNS) ?? 1500;
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : undefined;
const PATH = process.env.FUZZ_PATH || undefined;
/** fc.commands' replayPath of a failed command sequence (printed with its counterexample). */
export const COMMANDS_REPLAY_PATH = process.env.FUZZ_REPLAY_PATH || undefined;
const MIN_RUNS = 5;

/** Relative share of TOTAL_RUNS per property (a case of a heavier flow counts as one case all the same). */
export const WEIGHTS = {
  'POST /api/payment: valid requests answer 200': 10,
  'POST /api/pre-authorization: valid requests answer 200': 6,
  'POST /api/pre-authorization/{id}/capture: valid captures answer 200': 4,
  'POST /api/3ds: valid requests answer 200': 5,
  'POST /api/3ds/{id}/complete: the issued key answers 200 with the final result': 2,
  'POST /api/installment-options: valid requests answer 200 with the §6 options': 7,
  'POST /api/checkout: valid requests answer 200, GET shows it PENDING': 6,
  'valid requests with extra fields, repeated keys and JSON content types answer 200': 5,
  'free-text fields with any Unicode (controls, NUL, surrogates, RTL) never answer 5xx': 6,
  'POST /api/payment and /api/pre-authorization: broken fields answer 400 naming them': 10,
  'POST /api/3ds: broken fields answer 400 naming them': 6,
  'POST /api/checkout: broken fields answer 400 naming them': 6,
  'POST /api/installment-options: broken fields answer 400 naming them': 5,
  'POST /api/pre-authorization/{id}/capture: broken fields answer 400 naming them': 4,
  'POST /api/3ds/{id}/complete: any key but the issued one answers 400 naming securityKey': 3,
  'POST /api/payment/{id}/refund and /cancel: broken fields answer 400 naming them; valid ones the state rules': 4,
  'framing: content type, size, malformed JSON, credentials and Idempotency-Key answer their 4xx': 5,
  'hostile bodies on every POST endpoint answer a 4xx with the error body, never 5xx': 12,
  'wrong ids on every {id} endpoint answer 404 naming the id': 8,
  'captures in the wrong state, currency or amount answer 409': 3,
  'string fields with a length rule given an object with a length member answer 400 naming the field': 3,
  'paths with malformed percent-encoding answer a 4xx, never 5xx': 2,
  'server action startPayment: form fields with a length rule given an object with a length member are refused, never 5xx': 2,
  'server action loadInstallmentOptions: any well-formed arguments answer its options, never an error': 5,
  'server action startPayment: an invalid card form is refused field by field and creates no payment': 6,
  'server action startPayment: a valid card form for a wrong checkoutId is refused, never INTERNAL_ERROR': 3,
  'server actions: malformed action requests never answer 5xx': 4,
  'server action startPayment: a valid card form starts 3-D Secure': 1,
} as const;

export type PropertyName = keyof typeof WEIGHTS;

const totalWeight = Object.values(WEIGHTS).reduce((sum, weight) => sum + weight, 0);

export function runsFor(name: PropertyName): number {
  return Math.max(MIN_RUNS, Math.ceil((TOTAL_RUNS * WEIGHTS[name]) / totalWeight));
}

/** Generous per-property time limits: a long run (20 000 cases) takes minutes. */
export const PROPERTY_TIMEOUT_MS = Math.max(120_000, TOTAL_RUNS * 60);

/**
 * Model-based properties (fc.commands + fc.asyncModelRun): one case is a sequence of up to
 * `maxCommands` commands, each one to six requests, so a sequence is budgeted as CASES_PER_SEQUENCE
 * cases: FUZZ_RUNS / 25 sequences per backend (60 in `npm test`, 800 in `npm run test:fuzz`), run on
 * top of the properties above.
 */
export const MODELS = {
  'lifecycle model: sales, pre-authorizations, captures, cancels, refunds, 3-D Secure and checkout attempts keep the §5/§6/§10 rules': { maxCommands: 30 },
} as const;

export type ModelName = keyof typeof MODELS;

const CASES_PER_SEQUENCE = 25;

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- the budget is per model by design (modelTimeoutMs and runModel ask by name); today every model gets the same
export function sequencesFor(_name: ModelName): number {
  return Math.max(MIN_RUNS, Math.ceil(TOTAL_RUNS / CASES_PER_SEQUENCE));
}

/** Time limit of a model's test: generous, a sequence takes about a second on an idle machine. */
export const modelTimeoutMs = (name: ModelName) => Math.max(PROPERTY_TIMEOUT_MS, sequencesFor(name) * 10_000);

/**
 * Runs `property` for its share of cases and records the count; on failure throws fast-check's report
 * (counterexample, shrunk, with its seed and path) plus the command that replays it.
 */
export async function checkProperty<Ts extends [unknown, ...unknown[]]>(
  name: PropertyName,
  backend: Backend,
  property: fc.IAsyncPropertyWithHooks<Ts>,
): Promise<void> {
  // One case is a handful of HTTP requests; a case hanging this long is a failure of its own.
  await runChecked(name, backend, property, { numRuns: runsFor(name), timeout: 30_000 });
}

/**
 * Runs a model-based property for its sequences and records them with `commands()`, the number of
 * commands the sequences executed (counted by the model's commands themselves).
 */
export async function checkModel<Ts extends [unknown, ...unknown[]]>(
  name: ModelName,
  backend: Backend,
  property: fc.IAsyncPropertyWithHooks<Ts>,
  commands: () => number,
): Promise<void> {
  await runChecked(name, backend, property, { numRuns: sequencesFor(name), timeout: 120_000, commands });
}

async function runChecked<Ts extends [unknown, ...unknown[]]>(
  name: PropertyName | ModelName,
  backend: Backend,
  property: fc.IAsyncPropertyWithHooks<Ts>,
  options: { numRuns: number; timeout: number; commands?: () => number },
): Promise<void> {
  const startedAt = Date.now();
  const details = await fc.check(property, {
    numRuns: options.numRuns,
    ...(SEED !== undefined ? { seed: SEED } : {}),
    ...(PATH !== undefined ? { path: PATH } : {}),
    plugins: [fc.timeout(options.timeout)],
  });
  const endedAt = Date.now();
  record({
    name,
    backend: backend.name,
    runs: details.numRuns,
    skips: details.numSkips,
    failed: details.failed,
    startedAt,
    endedAt,
    seed: details.seed,
    ...(options.commands ? { commands: options.commands() } : {}),
  });
  if (details.failed) {
    const report = fc.defaultReportMessage(details); // a string for a failed run
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : (details.errorInstance === undefined || details.errorInstance === null ? '' : JSON.stringify(details.errorInstance));
    const replayPath = /replayPath="([^"]*)"/.exec(report)?.[1];
    throw new Error(
      `[fuzz] ${name} (${backend.name}) failed after ${details.numRuns} case(s):\n${report}\n` +
        `Error of the shrunk counterexample:\n${error.length > 3000 ? `${error.slice(0, 3000)}…` : error}\n` +
        `Replay: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath ?? ''}${replayPath ? ` FUZZ_REPLAY_PATH='${replayPath}'` : ''} ` +
        `npx vitest run --project fuzz -t '${testNamePattern(name)}'`,
    );
  }
}

/** `-t` takes a regular expression: the name with its special characters escaped, quoted for a shell. */
const testNamePattern = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "'\\''");

interface CountRecord {
  name: string;
  backend: string;
  /** Cases; for a model-based property, command sequences. */
  runs: number;
  skips: number;
  failed: boolean;
  startedAt: number;
  endedAt: number;
  seed: number;
  /** Commands executed over all sequences (model-based properties only). */
  commands?: number;
}

function record(entry: CountRecord): void {
  let dir: string | undefined;
  try {
    dir = inject('fuzzCountsDir');
  } catch {
    dir = undefined;
  }
  const what = entry.commands === undefined ? `${entry.runs} cases` : `${entry.runs} command sequences (${entry.commands} commands)`;
  const line = `[fuzz] ${entry.backend} · ${entry.name}: ${what} in ${((entry.endedAt - entry.startedAt) / 1000).toFixed(1)} s (seed ${entry.seed})${entry.failed ? ' FAILED' : ''}`;
  process.stderr.write(`${line}\n`);
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${entry.backend}-${entry.name.replace(/[^A-Za-z0-9]+/g, '_')}-${process.pid}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(entry));
}
