// @kasa/node: the merchant API as typed calls (types generated from Kasa's OpenAPI document by
// openapi-typescript, requests by openapi-fetch), plus what generation cannot give: credentials on
// every call, an Idempotency-Key on every POST that its retries reuse, errors as KasaApiError with
// the API's resultCode, and the signature check for callbacks and events.
import { randomUUID } from 'node:crypto';
import createClient, { type Middleware } from 'openapi-fetch';
import { KasaApiError } from './errors.js';
import type { components, paths } from './generated/openapi.js';
import { verify } from './webhooks.js';

export { KasaApiError, KasaSignatureError, type KasaFieldError } from './errors.js';
export { verify, type VerifyOptions } from './webhooks.js';
export type { components, paths };
export type Schemas = components['schemas'];

export interface KasaOptions {
  /** Your Kasa installation, e.g. `https://pay.example.com`. */
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  /** Retries after a network failure, 429, 502, 503 or 504; default 2. POSTs are retried with the same Idempotency-Key. */
  maxRetries?: number;
  /** Per attempt; default 30 s. */
  timeoutMs?: number;
  /** Delay before the first retry (doubling after), unless the answer names a Retry-After; default 250 ms. */
  retryDelayMs?: number;
  fetch?: typeof fetch;
}

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/**
 * A Kasa client. `kasa.POST('/api/checkout', { body })`, `kasa.GET('/api/checkout/{checkoutId}', { params: { path: { checkoutId } } })`
 * answer `{ data, response }` typed by the path; a non-2xx answer throws KasaApiError.
 * Pass `headers: { 'Idempotency-Key': … }` to make a call safe to repeat across restarts of your own code.
 */
export function createKasa(options: KasaOptions) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    fetch: retryingFetch(options),
    headers: { 'X-API-KEY': options.apiKey, 'X-API-SECRET': options.apiSecret },
  });
  client.use(idempotencyKeys, errorsAsExceptions);
  return Object.assign(client, { webhooks: { verify } });
}

export type KasaClient = ReturnType<typeof createKasa>;

/** Every POST carries an Idempotency-Key, so a retry of it (here or by openapi-fetch's caller) charges once. */
const idempotencyKeys: Middleware = {
  onRequest({ request }) {
    if (request.method === 'POST' && !request.headers.has('idempotency-key')) request.headers.set('Idempotency-Key', randomUUID());
    return request;
  },
};

const errorsAsExceptions: Middleware = {
  async onResponse({ response }) {
    if (response.ok) return undefined;
    const text = await response.clone().text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    throw new KasaApiError(response.status, body, response.headers.get('x-request-id'));
  },
};

function retryingFetch(options: KasaOptions): (request: Request) => Promise<Response> {
  const base = options.fetch ?? globalThis.fetch;
  const maxRetries = options.maxRetries ?? 2;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const firstDelay = options.retryDelayMs ?? 250;
  return async (request) => {
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= maxRetries;
      let response: Response;
      try {
        response = await base(new Request(request.clone(), { signal: AbortSignal.timeout(timeoutMs) }));
      } catch (error) {
        if (last) throw error;
        await sleep(firstDelay * 2 ** attempt);
        continue;
      }
      if (last || !RETRYABLE_STATUSES.has(response.status)) return response;
      const retryAfter = Number(response.headers.get('retry-after'));
      await response.body?.cancel();
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : firstDelay * 2 ** attempt);
    }
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
