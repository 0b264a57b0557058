import type autocannon from 'autocannon';
import type { Merchant } from './server';
import type { StoreName } from './stores';

export type Phase = 'probe' | 'warmup' | 'measure';

/** One kind of request to put under load. `[<id>]` in `path` or `body` becomes a unique id per request. */
export interface LoadSpec {
  method: 'GET' | 'POST';
  path: string;
  /** Extra headers; merchant endpoints get `merchantHeaders` from the context. */
  headers?: Record<string, string>;
  body?: string;
  /** Per-request rewrite (e.g. a different payment id each time). Runs in the load generator's thread. */
  setupRequest?: (request: autocannon.Request) => autocannon.Request;
  /** A fixed number of requests instead of the phase's duration (pool-based scenarios). */
  amount?: number;
}

export interface CallResult {
  status: number;
  contentType: string;
  text: string;
  /** Parsed JSON body, or undefined. */
  json: unknown;
}

export interface BenchContext {
  store: StoreName;
  baseUrl: string;
  merchant: Merchant;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** `X-API-KEY`, `X-API-SECRET`, `Content-Type: application/json`. */
  merchantHeaders: Record<string, string>;
  /** One request outside any measurement (`[<id>]` is replaced). */
  call(spec: LoadSpec): Promise<CallResult>;
  /**
   * Produces the inputs a scenario consumes (e.g. pre-authorization ids for captures), outside the
   * measurement: one call in the probe phase, otherwise `spec` under load for the phase's duration.
   * `pick` extracts the value from a 2xx response's JSON body.
   */
  produce(spec: LoadSpec, phase: Phase, pick: (json: unknown) => string | undefined): Promise<string[]>;
}

export interface Target {
  /** Minimum throughput as a fraction of the constant route's (0.25 = 25 %). */
  minRatio?: number;
  /** The same per store, where the stores' targets differ (overrides `minRatio`). */
  minRatioByStore?: Partial<Record<StoreName, number>>;
  /** p99 latency must be below this, in ms. */
  maxP99Ms?: number;
  /** Stores the target applies to (default: all). */
  stores?: StoreName[];
}

export interface Scenario {
  /** Table label, e.g. `POST /api/payment`. */
  name: string;
  /** The load for a phase; called once per phase (probe, warm-up, measurement). */
  load(ctx: BenchContext, phase: Phase): LoadSpec | Promise<LoadSpec>;
  /** Checks the probe's answer beyond "2xx"; returns a problem description or null. */
  check?(json: unknown): string | null;
  target?: Target;
  /**
   * Not yet required: when its route is not deployed (404/405 without a Kasa JSON error), the
   * scenario is reported as skipped instead of failing the run.
   */
  optional?: boolean;
}
