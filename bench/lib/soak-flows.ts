// The soak's traffic: merchant API calls and shoppers paying hosted checkouts, each a flow of HTTP
// requests checked step by step. Shoppers act as the browser would: the checkout page, its
// `startPayment` server action, the sandbox issuer page (tests/support/checkout-action.ts shows how
// the action is called over HTTP), the 3-D Secure return, the result page; the merchant then GETs the
// checkout's status. Every checkout attempt Kasa processed must produce one callback (reference §7;
// lib/checkout/attempts.ts), so each flow lists the callbacks it expects.
import { cards, type TestCard } from '../../tests/support/cards';
import { startCheckoutPayment, type StartPaymentResult } from '../../tests/support/checkout-action';
import { onlyForm } from '../../tests/support/html';
import type { Merchant } from './server';
import type { Recorder } from './soak-stats';

/** The sandbox issuer's code that authenticates (§8). */
const VERIFICATION_CODE = '123456';
const SALE_AMOUNT = 100.5;
const CAPTURE_AMOUNT = 60.25;
const REQUEST_TIMEOUT_MS = 30_000;

export type FlowKind =
  | 'sale'
  | 'sale-declined'
  | 'preauth-capture'
  | 'checkout-paid'
  | 'checkout-retried'
  | 'checkout-cancelled'
  | 'checkout-abandoned';

/**
 * One "mix": the flows every arrival cycles through, in this order. Per mix: 40 requests, 5 hosted
 * checkouts (one abandoned), 6 checkout attempts and so 6 callbacks.
 */
export const MIX: FlowKind[] = ['sale', 'checkout-paid', 'sale-declined', 'checkout-retried', 'preauth-capture', 'checkout-cancelled', 'checkout-abandoned'];

export const MIX_DESCRIPTION = [
  'sale (approved card)',
  'sale (declined card)',
  'pre-authorization + partial capture',
  'checkout paid (3-D Secure authenticated)',
  'checkout paid at the third attempt (not enrolled → declined by the bank → approved)',
  'checkout whose 3-D Secure is cancelled',
  'checkout abandoned (page viewed, status read, never paid)',
].join('; ');

/** A callback the soak expects: the checkout's attempt number `sequence` was processed with this outcome. */
export interface ExpectedCallback {
  status: 'PAID' | 'FAILED' | 'CLOSED';
  sequence: number;
  /** When the client sent the request that settled the attempt (Date.now()). */
  settledAt: number;
}

export interface FlowResult {
  kind: FlowKind;
  /** Every step answered as expected. */
  ok: boolean;
  checkoutId?: string;
  expected: ExpectedCallback[];
  /**
   * A step of a checkout attempt failed after the card was submitted: whether Kasa processed the
   * attempt (and so owes a callback) is unknown, so the checkout is left out of the callback count.
   */
  uncertain: boolean;
}

export interface SoakContext {
  baseUrl: string;
  merchant: Merchant;
  callbackUrl: string;
  /** The `startPayment` server action's id in the build the server runs. */
  actionId: string;
  recorder: Recorder;
}

class StepFailed extends Error {}

interface Answer {
  status: number;
  text: string;
  json: any;
  contentType: string;
}

function expiry(): string {
  const now = new Date();
  return `${String(now.getUTCMonth() + 1).padStart(2, '0')}/${String((now.getUTCFullYear() + 1) % 100).padStart(2, '0')}`;
}

let orderCounter = 0;
const orderId = (prefix: string) => `soak-${prefix}-${process.pid}-${Date.now().toString(36)}-${(orderCounter++).toString(36)}`;

let clientCounter = 0;
/**
 * Shopper addresses (sent as X-Forwarded-For; the soak's server trusts 127.0.0.1), 4,000 of them in
 * turn from 198.18.0.0/15: far under the checkout's 10 card submissions per address and minute, and a
 * fixed set, so the rate limiter's memory stays the same size all along.
 */
function nextClientIp(): string {
  const n = clientCounter++ % 4000;
  return `198.18.${Math.floor(n / 250)}.${(n % 250) + 1}`;
}

const describeError = (error: unknown) => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return [(error as Error).name === 'TimeoutError' ? 'timeout' : (error as Error).message, cause?.code ?? cause?.message].filter(Boolean).join(': ');
};

class Flow {
  readonly result: FlowResult;
  private readonly clientIp = nextClientIp();

  constructor(
    private readonly ctx: SoakContext,
    kind: FlowKind,
  ) {
    this.result = { kind, ok: false, expected: [], uncertain: false };
  }

  /**
   * One request, timed and recorded under `kind`: every step expects 200, and `check` says what is
   * wrong with the answer's body (null: fine). Anything but the expected answer stops the flow.
   */
  async send(kind: string, request: () => Promise<Answer>, check: (answer: Answer) => string | null): Promise<Answer> {
    const started = performance.now();
    let answer: Answer;
    try {
      answer = await request();
    } catch (error) {
      this.ctx.recorder.record(kind, null, performance.now() - started, describeError(error));
      throw new StepFailed(kind);
    }
    const latency = performance.now() - started;
    const problem =
      answer.status !== 200 ? `HTTP ${answer.status} ${answer.text.slice(0, 300)}` : (check(answer) ?? null);
    this.ctx.recorder.record(kind, answer.status, latency, problem);
    if (problem) throw new StepFailed(kind);
    return answer;
  }

  private async fetchAnswer(path: string, init: RequestInit): Promise<Answer> {
    const url = path.startsWith('http') ? path : `${this.ctx.baseUrl}${path}`;
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), ...init });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    let json: unknown;
    if (contentType.includes('json')) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { status: response.status, text, json, contentType };
  }

  private merchantHeaders(): Record<string, string> {
    return { 'x-api-key': this.ctx.merchant.apiKey, 'x-api-secret': this.ctx.merchant.apiSecret };
  }

  api(method: 'GET' | 'POST', path: string, body?: unknown): () => Promise<Answer> {
    const headers = { ...this.merchantHeaders(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    return () => this.fetchAnswer(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  /** A shopper's browser request: their address, English pages. */
  shopper(method: 'GET' | 'POST', path: string, form?: Record<string, string>): () => Promise<Answer> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.clientIp, 'accept-language': 'en' };
    return () => this.fetchAnswer(path, { method, headers, body: form ? new URLSearchParams(form) : undefined });
  }

  directRequest(card: TestCard, prefix: string) {
    const [expiryMonth, expiryYear] = expiry().split('/');
    return {
      orderId: orderId(prefix),
      amount: SALE_AMOUNT,
      currency: 'TRY',
      cardHolderName: 'Soak Shopper',
      pan: card.pan,
      expiryMonth,
      expiryYear,
      cvv: card.cvv,
      requestIp: this.clientIp,
      requestPort: 443,
    };
  }

  // ---- hosted checkout ----

  async createCheckout(): Promise<string> {
    const created = await this.send(
      'POST /api/checkout',
      this.api('POST', '/api/checkout', { orderId: orderId('co'), amount: SALE_AMOUNT, currency: 'TRY', description: 'Soak order', callback: this.ctx.callbackUrl }),
      (a) => (typeof a.json?.checkoutId === 'string' ? null : 'no checkoutId'),
    );
    this.result.checkoutId = created.json.checkoutId as string;
    await this.send('GET /checkout-link/{id}', this.shopper('GET', `/checkout-link/${this.result.checkoutId}`), htmlIncluding('Soak order'));
    return this.result.checkoutId;
  }

  /**
   * One attempt on the checkout: Pay with `card`; when 3-D Secure applies, the issuer page (the right
   * code, or Cancel), the return into the checkout; then the result page and the merchant's status read.
   */
  async attempt(card: TestCard, options: { authenticate: boolean; outcome: 'SUCCESS' | 'FAILED' }): Promise<void> {
    const checkoutId = this.result.checkoutId!;
    const form = { cardHolderName: 'Soak Shopper', pan: card.pan, expiry: expiry(), cvv: card.cvv, installmentCount: 1 };
    let started: StartPaymentResult | undefined;
    const submittedAt = Date.now();
    await this.send(
      'POST /checkout-link/{id} (startPayment action)',
      async () => {
        const answer = await startCheckoutPayment(this.ctx.baseUrl, checkoutId, form, {
          clientIp: this.clientIp,
          actionId: this.ctx.actionId,
          timeoutMs: REQUEST_TIMEOUT_MS,
        });
        started = answer.result;
        return { status: answer.status, text: answer.text, json: answer.result, contentType: '' };
      },
      () => (started?.ok ? null : `action answered ${JSON.stringify(started ?? null).slice(0, 300)}`),
    ).catch((error: unknown) => {
      // Whether Kasa processed a card submission that got no clean answer is unknown.
      this.result.uncertain = true;
      throw error;
    });
    const next = (started as Extract<StartPaymentResult, { ok: true }>).next;
    const sequence = this.result.expected.length + 1;
    let paymentId: string;
    if (next.kind === 'result') {
      // Not enrolled in 3-D Secure: the attempt is processed (failed) within the action.
      this.result.expected.push({ status: 'FAILED', sequence, settledAt: submittedAt });
      paymentId = next.paymentId;
    } else {
      let returnedAt = 0;
      try {
        const issuer = await this.send('POST /sandbox/acs', this.shopper('POST', next.url, { reference: next.fields.reference }), htmlIncluding('<form'));
        const challengeUrl = new URL(onlyForm(issuer.text).action, next.url).toString();
        const answer = options.authenticate ? { code: VERIFICATION_CODE, action: 'submit' } : { code: '', action: 'cancel' };
        const returned = await this.send(
          'POST /sandbox/acs/challenge',
          this.shopper('POST', challengeUrl, { reference: next.fields.reference, ...answer }),
          htmlIncluding('securityKey'),
        );
        const back = onlyForm(returned.text);
        paymentId = back.hidden.paymentId!;
        returnedAt = Date.now();
        await this.send(
          'POST /checkout-link/{id}/3ds-return',
          this.shopper('POST', back.action, { paymentId, securityKey: back.hidden.securityKey }),
          htmlIncluding(`?result=${paymentId}`),
        );
      } catch (error) {
        // Unsettled: the attempt stays ENROLLED (no callback until it expires in 15 minutes), or a
        // return without a clean answer may have completed it.
        this.result.uncertain = true;
        throw error;
      }
      this.result.expected.push({ status: options.outcome === 'SUCCESS' ? 'PAID' : 'FAILED', sequence, settledAt: returnedAt });
    }
    await this.send(
      'GET /checkout-link/{id}?result=',
      this.shopper('GET', `/checkout-link/${checkoutId}?result=${paymentId}`),
      htmlIncluding(options.outcome === 'SUCCESS' ? 'Payment successful' : 'Payment failed'),
    );
    await this.send('GET /api/checkout/{id}', this.api('GET', `/api/checkout/${checkoutId}`), jsonField('status', options.outcome));
  }
}

const htmlIncluding = (needle: string) => (answer: Answer) =>
  !answer.contentType.startsWith('text/html') ? `content-type ${answer.contentType}` : answer.text.includes(needle) ? null : `page without "${needle}"`;

const jsonField = (name: string, value: unknown) => (answer: Answer) =>
  answer.json?.[name] === value ? null : `${name} ${JSON.stringify(answer.json?.[name])}, expected ${JSON.stringify(value)}`;

const flows: Record<FlowKind, (flow: Flow) => Promise<void>> = {
  sale: async (flow) => {
    await flow.send('POST /api/payment', flow.api('POST', '/api/payment', flow.directRequest(cards.world, 'sale')), jsonField('status', 'SUCCESS'));
  },
  'sale-declined': async (flow) => {
    await flow.send('POST /api/payment', flow.api('POST', '/api/payment', flow.directRequest(cards.doNotHonor, 'decl')), (a) =>
      jsonField('status', 'FAILED')(a) ?? jsonField('resultCode', 'DO_NOT_HONOR')(a),
    );
  },
  'preauth-capture': async (flow) => {
    const authorized = await flow.send(
      'POST /api/pre-authorization',
      flow.api('POST', '/api/pre-authorization', flow.directRequest(cards.bonus, 'pa')),
      jsonField('status', 'SUCCESS'),
    );
    await flow.send(
      'POST /api/pre-authorization/{id}/capture',
      flow.api('POST', `/api/pre-authorization/${authorized.json.paymentId}/capture`, { amount: CAPTURE_AMOUNT, currency: 'TRY' }),
      (a) => jsonField('status', 'SUCCESS')(a) ?? jsonField('capturedAmount', CAPTURE_AMOUNT)(a),
    );
  },
  'checkout-paid': async (flow) => {
    await flow.createCheckout();
    await flow.attempt(cards.world, { authenticate: true, outcome: 'SUCCESS' });
  },
  'checkout-retried': async (flow) => {
    await flow.createCheckout();
    await flow.attempt(cards.notEnrolled, { authenticate: true, outcome: 'FAILED' });
    await flow.attempt(cards.doNotHonor, { authenticate: true, outcome: 'FAILED' });
    await flow.attempt(cards.maximum, { authenticate: true, outcome: 'SUCCESS' });
  },
  'checkout-cancelled': async (flow) => {
    await flow.createCheckout();
    await flow.attempt(cards.axess, { authenticate: false, outcome: 'FAILED' });
  },
  'checkout-abandoned': async (flow) => {
    const checkoutId = await flow.createCheckout();
    await flow.send('GET /api/checkout/{id}', flow.api('GET', `/api/checkout/${checkoutId}`), jsonField('status', 'PENDING'));
  },
};

/** Runs one flow to its end or its first unexpected answer (never throws). */
export async function runFlow(ctx: SoakContext, kind: FlowKind): Promise<FlowResult> {
  const flow = new Flow(ctx, kind);
  try {
    await flows[kind](flow);
    flow.result.ok = true;
  } catch (error) {
    if (!(error instanceof StepFailed)) {
      flow.result.uncertain ||= flow.result.checkoutId !== undefined;
      ctx.recorder.record(`(soak client error in ${kind})`, null, 0, (error as Error).stack ?? String(error));
    }
  }
  return flow.result;
}
