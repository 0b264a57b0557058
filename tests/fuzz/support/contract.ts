/**
 * The answers every fuzz case is held to (reference §2, §3): never a 5xx; every 4xx carries the error
 * body with a stable resultCode, a message and errors[] each naming a field; no stack trace and no
 * card data in any answer.
 */
import { expect } from 'vitest';
import type { ApiResponse } from '../../support/api';
import { everyCvv, everyPan } from '../../support/cards';

/** A short description of the request for assertion messages (the counterexample shows the generator's value). */
export interface Sent {
  method: string;
  path: string;
  /** The body as sent (JSON text or a description of raw bytes). */
  body?: string;
  headers?: Record<string, string | null>;
}

export function describeSent(sent: Sent): string {
  const body = sent.body === undefined ? '' : ` body(${Buffer.byteLength(sent.body)} B): ${clip(sent.body, 600)}`;
  const headers = sent.headers && Object.keys(sent.headers).length ? ` headers: ${JSON.stringify(sent.headers)}` : '';
  return `${sent.method} ${clip(sent.path, 200)}${headers}${body}`;
}

export const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

const STACK_TRACE = /\n\s+at .+:\d+:\d+|node_modules|\.next\/server/;

/** No 5xx; a 4xx has the §3 body naming a field. Returns the errors' field names (empty for 2xx/3xx). */
export function expectContractAnswer(response: ApiResponse, sent: Sent): string[] {
  const context = `${describeSent(sent)}\n→ HTTP ${response.status} ${clip(response.text, 600)}`;
  expect(response.status, `5xx answer\n${context}`).toBeLessThan(500);
  expect(response.text, `stack trace in the answer\n${context}`).not.toMatch(STACK_TRACE);
  expectNoCardDataIn(response.text, context);
  if (response.status < 400) return [];
  const body = response.body;
  expect(body !== null && typeof body === 'object' && !Array.isArray(body), `error body is not a JSON object\n${context}`).toBe(true);
  expect(typeof body.resultCode === 'string' && body.resultCode.length > 0, `resultCode\n${context}`).toBe(true);
  expect(typeof body.resultMessage === 'string' && body.resultMessage.length > 0, `resultMessage\n${context}`).toBe(true);
  expect(Array.isArray(body.errors) && body.errors.length > 0, `errors[] is empty or missing\n${context}`).toBe(true);
  for (const error of body.errors) {
    expect(typeof error?.field === 'string' && error.field.length > 0, `errors[].field is empty\n${context}`).toBe(true);
    expect(typeof error.code === 'string' && error.code.length > 0, `errors[].code\n${context}`).toBe(true);
    expect(typeof error.message === 'string', `errors[].message\n${context}`).toBe(true);
  }
  return body.errors.map((error: { field: string }) => error.field);
}

/** `expectContractAnswer` plus the exact status (and resultCode, when given). */
export function expectRejection(response: ApiResponse, sent: Sent, status: number, resultCode?: string): string[] {
  const fields = expectContractAnswer(response, sent);
  const context = `${describeSent(sent)}\n→ HTTP ${response.status} ${clip(response.text, 600)}`;
  expect(response.status, `expected HTTP ${status}${resultCode ? ` ${resultCode}` : ''}\n${context}`).toBe(status);
  if (resultCode) expect(response.body.resultCode, `resultCode\n${context}`).toBe(resultCode);
  return fields;
}

/**
 * A 400 naming at least one of `broken` (fields the case broke, or their dependents), and nothing
 * outside `allowed` (the broken fields plus those whose rule depends on them).
 */
export function expectFieldRejection(response: ApiResponse, sent: Sent, broken: string[], allowed: string[], status = 400) {
  const fields = expectRejection(response, sent, status);
  const context = `${describeSent(sent)}\n→ HTTP ${response.status} ${clip(response.text, 600)}`;
  expect(
    fields.some((field) => broken.includes(field)),
    `errors[].field ${JSON.stringify(fields)} names none of the broken fields ${JSON.stringify(broken)}\n${context}`,
  ).toBe(true);
  const stray = fields.filter((field) => !allowed.includes(field));
  expect(stray, `errors[] names fields the case did not break (broken: ${JSON.stringify(broken)})\n${context}`).toEqual([]);
  return fields;
}

/** Full card numbers and CVV values (as JSON strings or fields) never appear in an answer. */
export function expectNoCardDataIn(text: string, context: string) {
  const pans = everyPan.filter((pan) => text.includes(pan));
  expect(pans, `card number in the answer\n${context}`).toEqual([]);
  expect(text, `CVV field in the answer\n${context}`).not.toMatch(/"(cvv|cvc|securityCode)"\s*:/i);
  const cvvs = everyCvv.filter((cvv) => cvv.length >= 3 && text.includes(`"${cvv}"`));
  expect(cvvs, `CVV value in the answer\n${context}`).toEqual([]);
}
