import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createKasa, type KasaClient } from '../../packages/node/src/index';
import { recordSentBody } from './card-audit';
import type { Backend, MerchantCredentials } from './context';
import { harness } from './context';

export interface ApiResponse<T = any> {
  status: number;
  /** Parsed JSON body, or `undefined` when the body is not JSON. */
  body: T;
  text: string;
  headers: Headers;
}

export interface RequestOptions {
  /** Extra headers; `null` removes a default header (e.g. `{ 'content-type': null }`). */
  headers?: Record<string, string | null>;
  idempotencyKey?: string;
  /** Sent as `X-Forwarded-For`, to act as a distinct client (the server trusts 127.0.0.1). */
  clientIp?: string;
}

export interface PostOptions extends RequestOptions {
  /** Sent verbatim instead of `JSON.stringify(body)` (a Uint8Array gets no default Content-Type). */
  rawBody?: string | Uint8Array | ReadableStream<Uint8Array>;
}

/**
 * A minimal client for the merchant API. `merchant: null` sends no credentials; a partial object
 * sends only the headers it has (e.g. `{ apiKey }` alone).
 */
export function api(backend: Backend, merchant: Partial<MerchantCredentials> | null = backend.merchants.a) {
  const send = async (method: string, urlPath: string, body: PostOptions['rawBody'], options: PostOptions & { json?: boolean }) => {
    const headers: Record<string, string> = {};
    if (options.json) headers['content-type'] = 'application/json';
    if (merchant?.apiKey !== undefined) headers['x-api-key'] = merchant.apiKey;
    if (merchant?.apiSecret !== undefined) headers['x-api-secret'] = merchant.apiSecret;
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    if (options.clientIp !== undefined) headers['x-forwarded-for'] = options.clientIp;
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value === null) Reflect.deleteProperty(headers, name.toLowerCase());
      else headers[name.toLowerCase()] = value;
    }
    const init: RequestInit & { duplex?: 'half' } = { method, headers, body: body as BodyInit | undefined, signal: AbortSignal.timeout(25_000) };
    if (body instanceof ReadableStream) init.duplex = 'half';
    if (typeof body === 'string') recordSentBody(backend, method, urlPath, body);
    const response = await fetch(`${backend.baseUrl}${urlPath}`, init);
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed, text, headers: response.headers } as ApiResponse;
  };

  return {
    post: (urlPath: string, body?: unknown, options: PostOptions = {}) =>
      send('POST', urlPath, options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body)), { ...options, json: true }),
    get: (urlPath: string, options: RequestOptions = {}) => send('GET', urlPath, undefined, options),
    /** Any other method (PUT, PATCH, DELETE…), the body sent as JSON like a POST's. */
    request: (method: string, urlPath: string, options: PostOptions = {}) => send(method, urlPath, options.rawBody, { ...options, json: true }),
  };
}

/**
 * The typed SDK (@kasa/node) for `merchant`, as a merchant's code would use it: Kasa's own flows go
 * through it, so it cannot rot. No retries (a test wants the first answer); bodies are journaled for
 * the card-data audit like api()'s.
 */
export function sdk(backend: Backend, merchant: MerchantCredentials = backend.merchants.a): KasaClient {
  return createKasa({
    baseUrl: backend.baseUrl,
    apiKey: merchant.apiKey,
    apiSecret: merchant.apiSecret,
    maxRetries: 0,
    timeoutMs: 25_000,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const body = request.method === 'GET' ? '' : await request.clone().text();
      if (body) recordSentBody(backend, request.method, new URL(request.url).pathname, body);
      return fetch(request);
    },
  });
}

/** An SDK answer (its body already read and parsed by the SDK) as api() answers. */
export function asApiResponse(result: { data?: unknown; response: Response }): ApiResponse {
  return { status: result.response.status, body: result.data, text: JSON.stringify(result.data), headers: result.response.headers };
}

let lastClientIp = 0;

/**
 * An `X-Forwarded-For` address no other test of this run uses (203.0.113.x first, then other
 * documentation ranges), so failed-authentication counting never crosses tests. Allocation is atomic
 * across test workers through mkdir in the run directory.
 */
export function uniqueClientIp(): string {
  const dir = path.join(harness().runDir, 'client-ips');
  const ranges = ['203.0.113', '192.0.2', '198.18.0', '198.18.1', '198.18.2'];
  for (let n = lastClientIp + 1; n <= ranges.length * 254; n++) {
    try {
      mkdirSync(path.join(dir, String(n)));
    } catch {
      continue;
    }
    lastClientIp = n;
    return `${ranges[Math.floor((n - 1) / 254)]}.${((n - 1) % 254) + 1}`;
  }
  throw new Error('Out of unique client addresses');
}
