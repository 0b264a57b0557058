import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { config } from '../config';
import type { CallbackDelivery, KasaEvent } from '../db/schema';
import { isLinkLocalAddress, linkLocalRefusingLookup, resolvePublicAddress, type PublicAddressResult } from '../net/public-address';
import { signatureHeader } from './signing';

/** Reference §7: an attempt that has not answered within 10 s has failed. */
export const CALLBACK_TIMEOUT_MS = 10_000;
export const CALLBACK_USER_AGENT = 'Kasa-Callbacks/1';

export interface CallbackRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** One HTTP attempt as callback_attempts records it. */
export interface AttemptOutcome {
  /** A 2xx answer: delivered. */
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

export interface PostCallbackOptions {
  /** Whole attempt, address check included; default 10 s. */
  timeoutMs?: number;
  /** 'live' checks the resolved address and connects only to it; default config.mode. */
  mode?: 'sandbox' | 'live';
  /** The live-mode address check; tests substitute a resolver. */
  resolve?: (url: string) => Promise<PublicAddressResult>;
}

type CallbackFields = Pick<CallbackDelivery, 'id' | 'checkoutId' | 'checkoutStatus' | 'sequence'> & { eventType?: string };

/** The callback's form body, fields in this order: checkoutId, status, event, eventId, sequence. */
export function callbackBody(delivery: CallbackFields): string {
  return new URLSearchParams([
    ['checkoutId', delivery.checkoutId ?? ''],
    ['status', delivery.checkoutStatus ?? ''],
    ['event', delivery.eventType ?? ''],
    ['eventId', delivery.id],
    ['sequence', String(delivery.sequence ?? '')],
  ]).toString();
}

/** An event's JSON body (reference §11): `{id, type, created, data}`, `created` in ISO 8601 UTC. */
export function eventBody(event: Pick<KasaEvent, 'id' | 'type' | 'createdAt' | 'data'>): string {
  return JSON.stringify({ id: event.id, type: event.type, created: event.createdAt.toISOString(), data: event.data });
}

/**
 * The signed request for one attempt; `timestampSeconds` is the attempt's time (a retry is signed
 * anew). A checkout callback is a form; an EVENT delivery posts its event (given as `event`) as JSON,
 * signed the same way.
 */
export function callbackRequest(options: {
  delivery: CallbackFields & Pick<CallbackDelivery, 'url'> & { kind?: CallbackDelivery['kind'] };
  event?: Pick<KasaEvent, 'id' | 'type' | 'createdAt' | 'data'> | null;
  secrets: string[];
  timestampSeconds: number;
}): CallbackRequest {
  const { delivery, event } = options;
  const isEvent = delivery.kind === 'EVENT';
  if (isEvent && !event) throw new Error(`delivery ${delivery.id} has no event`);
  const sent = isEvent ? event : null;
  const body = sent ? eventBody(sent) : callbackBody(delivery);
  return {
    url: delivery.url,
    body,
    headers: {
      'User-Agent': CALLBACK_USER_AGENT,
      'Content-Type': isEvent ? 'application/json' : 'application/x-www-form-urlencoded',
      'X-Kasa-Signature': signatureHeader(options.secrets, body, options.timestampSeconds),
      'X-Kasa-Event-Id': sent ? sent.id : delivery.id,
    },
  };
}

/** A lookup that answers only the address already checked, whatever the name now resolves to. */
function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return ((_hostname: string, options: { all?: boolean } | undefined, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

class AttemptTimeout extends Error {}

/**
 * POSTs one callback. Never throws: every failure is an outcome with an error. Redirects are not
 * followed (a 3xx is a failed attempt). In live mode the URL must be https and its host must resolve
 * only to public addresses; the connection goes to the checked address (the name is not resolved
 * again), while Host and TLS server name stay the URL's host.
 */
export async function postCallback(request: CallbackRequest, options: PostCallbackOptions = {}): Promise<AttemptOutcome> {
  const timeoutMs = options.timeoutMs ?? CALLBACK_TIMEOUT_MS;
  const mode = options.mode ?? config.mode;
  const started = performance.now();
  const elapsed = () => Math.max(0, Math.round(performance.now() - started));
  const failed = (error: string, statusCode: number | null = null): AttemptOutcome => ({ ok: false, statusCode, latencyMs: elapsed(), error });

  let target: URL;
  try {
    target = new URL(request.url);
  } catch {
    return failed('the callback URL is not valid');
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return failed(`${target.protocol} callback URLs are not supported`);
  if (mode === 'live' && target.protocol !== 'https:') return failed('live mode delivers to https callback URLs only');

  const abort = new AbortController();
  const timer = setTimeout(() => { abort.abort(new AttemptTimeout()); }, timeoutMs);
  const timedOut = () => abort.signal.reason instanceof AttemptTimeout;
  try {
    let lookup: LookupFunction | undefined;
    if (mode === 'live') {
      const check = await Promise.race([
        (options.resolve ?? resolvePublicAddress)(request.url),
        new Promise<never>((_, reject) => { abort.signal.addEventListener('abort', () => { reject(abort.signal.reason as AttemptTimeout); }, { once: true }); }),
      ]);
      if (!check.ok) return failed(`refused: ${check.reason}`);
      lookup = pinnedLookup(check.address, check.family);
    } else {
      // Sandbox: loopback and private targets are fine, link-local (cloud metadata) never.
      if (isLinkLocalAddress(target.hostname.replace(/^\[|\]$/g, ''))) return failed('refused: a link-local address');
      lookup = linkLocalRefusingLookup;
    }
    const { statusCode } = await send(target, request, lookup, abort.signal);
    if (statusCode >= 200 && statusCode < 300) return { ok: true, statusCode, latencyMs: elapsed(), error: null };
    if (statusCode >= 300 && statusCode < 400) return failed('redirect not followed', statusCode);
    return failed(`HTTP ${statusCode}`, statusCode);
  } catch (error) {
    if (timedOut()) return failed(`timed out after ${timeoutMs} ms`);
    const { code, message } = error as NodeJS.ErrnoException;
    return failed(code && !message.includes(code) ? `${code}: ${message}` : message);
  } finally {
    clearTimeout(timer);
  }
}

/** Sends the request and settles on the response's status line; the body is not read (nothing in it counts). */
function send(target: URL, request: CallbackRequest, lookup: LookupFunction | undefined, signal: AbortSignal): Promise<{ statusCode: number }> {
  return new Promise((resolve, reject) => {
    const client = target.protocol === 'https:' ? https : http;
    const body = Buffer.from(request.body, 'utf8');
    const outgoing = client.request(
      {
        method: 'POST',
        protocol: target.protocol,
        hostname: target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname,
        port: target.port || undefined,
        path: `${target.pathname}${target.search}`,
        headers: { ...request.headers, Host: target.host, 'Content-Length': String(body.length) },
        // A fresh connection per attempt: no pooled socket connected elsewhere is reused.
        agent: false,
        lookup,
        signal,
      },
      (response) => {
        response.on('error', () => undefined);
        response.destroy();
        resolve({ statusCode: response.statusCode ?? 0 });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
