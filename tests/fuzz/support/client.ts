/**
 * Sending fuzz cases: the merchant API client of tests/support/api.ts with the body as exact JSON
 * text, plus what the fuzz properties share (dedicated merchants, row counts, fresh client addresses).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { api, type ApiResponse } from '../../support/api';
import type { Backend, MerchantCredentials } from '../../support/context';
import { createMerchantInDatabase } from '../../support/database';
export { merchantRowCounts as countRows } from '../../support/database';
import type { Sent } from './contract';
import { toJsonText } from './json';

export interface Call {
  method?: 'POST' | 'GET' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** A value (sent as its JSON text), or the exact bytes/text to send. */
  body?: unknown;
  rawBody?: string | Uint8Array;
  headers?: Record<string, string | null>;
  idempotencyKey?: string;
  clientIp: string;
}

/** Sends one request; returns the answer and what was sent, for assertion messages. */
export async function send(
  backend: Backend,
  merchant: Partial<MerchantCredentials> | null,
  call: Call,
): Promise<{ response: ApiResponse; sent: Sent }> {
  const method = call.method ?? 'POST';
  const text = call.rawBody ?? (call.body === undefined ? undefined : toJsonText(call.body));
  const headers = { ...(call.headers ?? {}) };
  const client = api(backend, merchant);
  let response: ApiResponse;
  if (method === 'POST') {
    response = await client.post(call.path, undefined, { rawBody: text, headers, idempotencyKey: call.idempotencyKey, clientIp: call.clientIp });
  } else if (method === 'GET') {
    response = await client.get(call.path, { headers, clientIp: call.clientIp });
  } else {
    response = await client.request(method, call.path, { rawBody: text, headers, clientIp: call.clientIp });
  }
  const shownBody = typeof text === 'string' ? text : text === undefined ? undefined : `<${text.byteLength} raw bytes: ${Buffer.from(text).toString('hex').slice(0, 80)}>`;
  const shownHeaders = { ...headers, ...(call.idempotencyKey !== undefined ? { 'idempotency-key': call.idempotencyKey } : {}) };
  return { response, sent: { method, path: call.path, body: shownBody, headers: shownHeaders } };
}

/**
 * A client address for one request that fails authentication (2001:db8:f022::/48, a documentation
 * range no other test uses): the failed-authentication limiter counts 20 per address and minute, so
 * every such request gets its own address and the fuzz's other requests are never limited.
 */
export function throwawayClientIp(): string {
  const groups = Array.from({ length: 5 }, () => randomBytes(2).toString('hex'));
  return `2001:db8:f022:${groups.join(':')}`;
}

/**
 * A merchant only this property writes for, so its rows can be counted: on PostgreSQL a new one in the
 * database; PGlite's store is locked by its server, so there the reserved fallback is used.
 */
export async function dedicatedMerchant(backend: Backend, label: string, fallback: MerchantCredentials): Promise<MerchantCredentials> {
  return backend.databaseUrl ? createMerchantInDatabase(backend, `Fuzz ${label} ${randomUUID().slice(0, 8)}`) : fallback;
}

