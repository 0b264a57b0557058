// Load generation with autocannon, plus single requests for probes and setup.
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import type { CallResult, LoadSpec } from './types';

const ID = '[<id>]';

export interface ErrorSample {
  status: number;
  body: string;
}

export interface Measurement {
  /** Completed responses (any status). */
  requests: number;
  durationS: number;
  /** Completed responses per second over the run. */
  rps: number;
  /** Latency of 2xx responses in ms (hrtime precision, nearest-rank percentiles). */
  latency: { mean: number; p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  /** Connection errors, including timeouts. */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** The first few non-2xx answers. */
  errorSamples: ErrorSample[];
  /** autocannon's own summary (integer-ms histogram; req/s per-second samples), for reference. */
  autocannon: { requestsPerSecondAvg: number; latencyP50: number; latencyP99: number };
}

function usesId(spec: LoadSpec): boolean {
  return spec.path.includes(ID) || (spec.body?.includes(ID) ?? false);
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export interface LoadOptions {
  connections: number;
  seconds: number;
  /** Called with each 2xx JSON body (parsing costs load-generator CPU: only for setup runs). */
  onJson?: (json: unknown) => void;
}

/** Puts `spec` under load: `seconds` long, or `spec.amount` requests. */
export function runLoad(baseUrl: string, spec: LoadSpec, options: LoadOptions): Promise<Measurement> {
  const connections = spec.amount ? Math.max(1, Math.min(options.connections, spec.amount)) : options.connections;
  const latencies: number[] = [];
  const errorSamples: ErrorSample[] = [];
  const onJson = options.onJson;
  const request: autocannon.Request = {
    method: spec.method,
    path: spec.path,
    headers: spec.headers ?? {},
    ...(spec.body !== undefined ? { body: spec.body } : {}),
    ...(spec.setupRequest ? { setupRequest: spec.setupRequest } : {}),
    onResponse: (status: number, body: string) => {
      if (status < 200 || status >= 300) {
        if (errorSamples.length < 3) errorSamples.push({ status, body: body.slice(0, 500) });
      } else if (onJson) {
        try {
          onJson(JSON.parse(body));
        } catch {
          // not JSON: nothing to collect
        }
      }
    },
  };
  const opts: autocannon.Options = {
    url: baseUrl,
    connections,
    pipelining: 1,
    timeout: 10,
    idReplacement: usesId(spec),
    requests: [request],
    ...(spec.amount ? { amount: spec.amount } : { duration: options.seconds }),
  };

  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (error: unknown, result: autocannon.Result) => {
      if (error) {
        reject(error instanceof Error ? error : new Error(typeof error === 'string' ? error : JSON.stringify(error)));
        return;
      }
      const sorted = Float64Array.from(latencies).sort();
      const sum = latencies.reduce((a, b) => a + b, 0);
      const statusCodes: Record<string, number> = {};
      for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
      const durationS = result.duration;
      resolve({
        requests: result.requests.total,
        durationS,
        rps: durationS > 0 ? result.requests.total / durationS : 0,
        latency: {
          mean: sorted.length ? sum / sorted.length : NaN,
          p50: percentile(sorted, 50),
          p90: percentile(sorted, 90),
          p99: percentile(sorted, 99),
          max: sorted.length ? sorted[sorted.length - 1] : NaN,
        },
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        statusCodes,
        errorSamples,
        autocannon: { requestsPerSecondAvg: result.requests.average, latencyP50: result.latency.p50, latencyP99: result.latency.p99 },
      });
    });
    // The typings omit the client argument autocannon passes first: (client, status, bytes, ms).
    (instance as unknown as NodeJS.EventEmitter).on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
}

/** One request outside any measurement; `[<id>]` becomes a fresh id. */
export async function call(baseUrl: string, spec: LoadSpec): Promise<CallResult> {
  let request: autocannon.Request = { method: spec.method, path: spec.path, headers: spec.headers ?? {}, body: spec.body };
  if (spec.setupRequest) request = spec.setupRequest(request);
  const id = randomBytes(12).toString('hex');
  const path = (request.path ?? spec.path).replaceAll(ID, id);
  const body = (typeof request.body === 'string' ? request.body : (request.body?.toString() ?? '')).replaceAll(ID, id);
  const response = await fetch(`${baseUrl}${path}`, {
    method: request.method ?? spec.method,
    headers: request.headers as Record<string, string>,
    body: body.length > 0 ? body : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, json };
}

/**
 * The route is not deployed (yet): 405, or 404 that is not an answer of a real route — an HTML page,
 * or the API catch-all's JSON 404 (`errors[].field === "path"`, "No such endpoint").
 */
export function isRouteMissing(result: CallResult): boolean {
  if (result.status === 405) return true;
  if (result.status !== 404) return false;
  const json = result.json as { resultCode?: unknown; errors?: Array<{ field?: unknown } | null | undefined> } | undefined;
  if (!json || typeof json !== 'object' || !('resultCode' in json)) return true;
  return Array.isArray(json.errors) && json.errors.some((e) => e && e.field === 'path');
}

export class ProbeFailure extends Error {
  constructor(
    message: string,
    readonly result: CallResult | undefined,
    readonly routeMissing: boolean,
  ) {
    super(message);
  }
}
