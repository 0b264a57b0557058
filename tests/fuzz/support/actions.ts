/**
 * The hosted checkout's server actions over plain HTTP, as the browser calls them: a POST to the page's
 * URL with a `Next-Action` header naming the action and the arguments encoded as React's encodeReply
 * does for plain values (a JSON array; strings starting with `$` escaped as `$$`; `$undefined`, `$NaN`,
 * `$Infinity`, `$-0`, `$n…` (BigInt), `$D…` (Date) for values JSON has no form for). The answer is a
 * React flight stream whose row "1" (the one row 0 points at) holds the action's return value.
 *
 * Action ids change with every build, so they are read from a real page load: the page passes both
 * actions to its CardForm as server references ("startPayment":"$h1b" … 1b:{"id":"…","bound":null}).
 */
import fc from 'fast-check';
import type { Backend } from '../../support/context';
import type { Sent } from './contract';

export interface ActionIds {
  loadInstallmentOptions: string;
  startPayment: string;
}

/** The ids of the checkout page's actions, from the flight data of the page itself. */
export async function captureActionIds(backend: Backend, checkoutId: string): Promise<ActionIds> {
  const response = await fetch(`${backend.baseUrl}/checkout-link/${checkoutId}`, { signal: AbortSignal.timeout(25_000) });
  const html = await response.text();
  if (response.status !== 200) throw new Error(`GET /checkout-link/${checkoutId} answered ${response.status}`);
  let flight = '';
  for (const match of html.matchAll(/self\.__next_f\.push\(\[1,("(?:[^"\\]|\\.)*")\]\)/g)) flight += JSON.parse(match[1]) as string;
  const idOf = (name: keyof ActionIds) => {
    const reference = new RegExp(`"${name}":"\\$h([0-9a-f]+)"`).exec(flight)?.[1];
    const row = reference && new RegExp(`(?:^|\\n)${reference}:(\\{[^\\n]*\\})`).exec(flight)?.[1];
    const id = row ? (JSON.parse(row) as { id?: string }).id : undefined;
    if (!id) throw new Error(`The checkout page passes no server reference "${name}" (was the card form or its props renamed?)`);
    return id;
  };
  return { loadInstallmentOptions: idOf('loadInstallmentOptions'), startPayment: idOf('startPayment') };
}

/** An encodeReply token for a value JSON cannot carry (sent verbatim, not `$`-escaped). */
export class ReplyToken {
  constructor(readonly text: string) {}
  [fc.toStringMethod]() {
    return `reply(${this.text})`;
  }
}

/** Arguments as React's encodeReply writes plain values. */
export function encodeReply(args: unknown[]): string {
  const encode = (value: unknown): unknown => {
    if (value instanceof ReplyToken) return value.text;
    if (typeof value === 'string') return value.startsWith('$') ? `$${value}` : value;
    if (Array.isArray(value)) return value.map(encode);
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, member] of Object.entries(value)) Object.defineProperty(out, key, { value: encode(member), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return value;
  };
  return JSON.stringify(encode(args));
}

/** Values a client can legitimately send that JSON has no form for. */
export const replyTokens = fc.constantFrom(
  new ReplyToken('$undefined'),
  new ReplyToken('$NaN'),
  new ReplyToken('$Infinity'),
  new ReplyToken('$-Infinity'),
  new ReplyToken('$-0'),
  new ReplyToken('$n12345678901234567890'),
  new ReplyToken('$n-1'),
  new ReplyToken('$D2030-01-01T00:00:00.000Z'),
);

export interface ActionAnswer {
  status: number;
  text: string;
  /** The action's return value (undefined when the stream has no such row). */
  result?: unknown;
  /** The stream reports an error instead of a value. */
  errorRow: boolean;
}

export interface ActionCall {
  /** The page the action is posted to (/checkout-link/{pathId}). */
  pathId: string;
  actionId: string;
  body: string | Uint8Array;
  contentType?: string | null;
  origin?: string | null;
  clientIp: string;
  /** false: a form posted without JavaScript (no Next-Action header; the action named in the body). */
  nextAction?: boolean;
}

/** POSTs one action call; parses the flight stream. */
export async function callAction(backend: Backend, call: ActionCall): Promise<{ answer: ActionAnswer; sent: Sent }> {
  const headers: Record<string, string> = {
    ...(call.nextAction === false ? {} : { 'next-action': call.actionId }),
    accept: 'text/x-component',
    'x-forwarded-for': call.clientIp,
  };
  const contentType = call.contentType === undefined ? 'text/plain;charset=UTF-8' : call.contentType;
  if (contentType !== null) headers['content-type'] = contentType;
  const origin = call.origin === undefined ? backend.baseUrl : call.origin;
  if (origin !== null) headers.origin = origin;
  const path = `/checkout-link/${encodeURIComponent(call.pathId)}`;
  const response = await fetch(`${backend.baseUrl}${path}`, {
    method: 'POST',
    headers,
    body: call.body as BodyInit,
    redirect: 'manual',
    signal: AbortSignal.timeout(25_000),
  });
  const text = await response.text();
  const answer: ActionAnswer = { status: response.status, text, errorRow: false };
  const rows = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]+):(.*)$/.exec(line);
    if (match) rows.set(match[1], match[2]);
  }
  try {
    const head = rows.has('0') ? (JSON.parse(rows.get('0')!) as { a?: string }) : undefined;
    const reference = head?.a?.startsWith('$@') ? head.a.slice(2) : undefined;
    const row = reference === undefined ? undefined : rows.get(reference);
    if (row !== undefined) {
      if (row.startsWith('E')) answer.errorRow = true;
      else answer.result = JSON.parse(row);
    }
  } catch {
    // not a flight stream (an HTML page, a plain-text refusal): no result
  }
  const shown = typeof call.body === 'string' ? call.body : `<${call.body.byteLength} raw bytes>`;
  return {
    answer,
    sent: { method: 'POST', path: `${path} [Next-Action ${call.actionId}]`, body: shown, headers: { 'content-type': contentType, origin } },
  };
}
