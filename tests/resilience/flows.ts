/**
 * What the resilience specs drive at Kasa, step by step, recording every exchange (the answer, or
 * `status: null` when none came): direct sales, pre-authorizations with a capture, direct 3-D Secure
 * (POST /api/3ds, the sandbox issuer page over HTTP, POST /api/3ds/{id}/complete) and hosted checkouts
 * (POST /api/checkout, the checkout page's `startPayment` server action, the issuer page, the
 * checkout's 3-D Secure return). A flow stops at its first unanswered step. Each step may go to
 * another instance (`Targets`), as a shopper behind a load balancer would.
 */
import { api, type ApiResponse } from '../support/api';
import { cards, type CardName } from '../support/cards';
import { serverActionId, startCheckoutPayment, type StartPaymentResult } from '../support/checkout-action';
import type { Backend, MerchantCredentials } from '../support/context';
import { onlyForm } from '../support/html';
import { futureExpiry, paymentRequest, uniqueOrderId } from '../support/requests';
import { postForm, RETURN_URLS, VERIFICATION_CODE } from '../support/three-ds';

export type FlowKind = 'sale' | 'preauth' | 'threeDs' | 'checkout';
export type Step =
  | 'sale'
  | 'preauth'
  | 'capture'
  | 'refund'
  | 'enroll'
  | 'issuer-open'
  | 'issuer-answer'
  | 'complete'
  | 'checkout'
  | 'pay'
  | 'return'
  | 'checkout-status';

export interface Exchange {
  step: Step;
  /** Which instance it went to. */
  target: string;
  /** HTTP status, or null: no answer (connection refused or reset, timeout). */
  status: number | null;
  body?: any;
  error?: string;
}

export interface Flow {
  kind: FlowKind;
  orderId: string;
  card: CardName;
  /** Issuer page: the right code (true) or Cancel (false). */
  authenticate: boolean;
  exchanges: Exchange[];
  paymentId?: string;
  checkoutId?: string;
  captureAmount?: number;
}

export interface Target {
  label: string;
  baseUrl: string;
}

export interface FlowContext {
  merchant: MerchantCredentials;
  /** Step n of a flow goes to targets[(offset + n) % targets.length]. */
  targets: Target[];
  callbackUrl: string;
  /** The startPayment server action's id in the build the servers run. */
  actionId: string;
}

export const newFlowContext = (options: Omit<FlowContext, 'actionId'>): FlowContext => ({ ...options, actionId: serverActionId('startPayment') });

/** The exchange of `step`, if the flow got that far. */
export const exchangeOf = (flow: Flow, step: Step) => flow.exchanges.find((exchange) => exchange.step === step);
/** Whether `step` was sent and got no answer. */
export const unanswered = (flow: Flow, step: Step) => exchangeOf(flow, step)?.status === null;
export const answered200 = (flow: Flow, step: Step) => exchangeOf(flow, step)?.status === 200;

const SALE_AMOUNT = 100.5;
const CAPTURE_AMOUNT = 60.25;
/** Each approved sale is refunded twice, in parts, each under its own reference. */
export const REFUND_AMOUNT = 20.1;

let clientCounter = 0;
/** A shopper address of its own (198.19.0.0/16): the checkout allows 10 card submissions per address and minute. */
export function nextClientIp(): string {
  const n = clientCounter++;
  return `198.19.${Math.floor(n / 250) % 256}.${(n % 250) + 1}`;
}

/** The same path on another instance (htmlContent and issuer pages name the instance that made them). */
const on = (target: Target, url: string) => {
  const parsed = new URL(url);
  return `${target.baseUrl}${parsed.pathname}${parsed.search}`;
};

const describeError = (error: unknown) => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return [(error as Error).message, cause?.code ?? cause?.message].filter(Boolean).join(': ');
};

class Runner {
  private step = 0;
  constructor(
    private readonly context: FlowContext,
    readonly flow: Flow,
    private readonly offset: number,
  ) {}

  /** The instance the next step goes to. */
  private nextTarget(): Target {
    const targets = this.context.targets;
    return targets[(this.offset + this.step++) % targets.length];
  }

  /** Sends one step; null when no answer came (the flow then stops). */
  async send<R extends { status: number; body?: any }>(step: Step, request: (target: Target) => Promise<R>): Promise<R | null> {
    const target = this.nextTarget();
    try {
      const response = await request(target);
      this.flow.exchanges.push({ step, target: target.label, status: response.status, body: response.body });
      return response;
    } catch (error) {
      this.flow.exchanges.push({ step, target: target.label, status: null, error: describeError(error) });
      return null;
    }
  }

  api = (target: Target) => api({ baseUrl: target.baseUrl } as Backend, this.context.merchant);
}

export function newFlow(kind: FlowKind, options: { card?: CardName; authenticate?: boolean; orderId?: string } = {}): Flow {
  return {
    kind,
    orderId: options.orderId ?? uniqueOrderId(),
    card: options.card ?? 'world',
    authenticate: options.authenticate ?? true,
    exchanges: [],
  };
}

/** Runs a flow to its end or its first unanswered step. `offset` rotates which instance each step hits. */
export async function runFlow(context: FlowContext, flow: Flow, offset = 0): Promise<Flow> {
  const runner = new Runner(context, flow, offset);
  if (flow.kind === 'sale' || flow.kind === 'preauth') await directPayment(runner);
  else if (flow.kind === 'threeDs') await directThreeDs(runner);
  else await checkout(runner, context);
  return flow;
}

async function directPayment(runner: Runner) {
  const { flow } = runner;
  const request = paymentRequest({ orderId: flow.orderId, amount: SALE_AMOUNT }, cards[flow.card]);
  const step = flow.kind === 'sale' ? 'sale' : 'preauth';
  const path = flow.kind === 'sale' ? '/api/payment' : '/api/pre-authorization';
  const response = await runner.send(step, (target) => runner.api(target).post(path, request));
  if (response?.status !== 200) return;
  flow.paymentId = response.body.paymentId;
  if (flow.kind === 'sale' && response.body.status === 'SUCCESS') {
    for (const part of [1, 2]) {
      const refund = await runner.send('refund', (target) =>
        runner.api(target).post(`/api/payment/${flow.paymentId}/refund`, { amount: REFUND_AMOUNT, currency: request.currency, reference: `${flow.orderId}-R${part}` }),
      );
      if (refund?.status !== 200) return;
    }
  }
  if (flow.kind !== 'preauth' || response.body.status !== 'SUCCESS') return;
  flow.captureAmount = CAPTURE_AMOUNT;
  await runner.send('capture', (target) =>
    runner.api(target).post(`/api/pre-authorization/${flow.paymentId}/capture`, { amount: CAPTURE_AMOUNT, currency: request.currency }),
  );
}

/** The issuer page: open it with the reference, answer it; the return page's form (postTo, paymentId, securityKey). */
async function issuer(runner: Runner, acsUrl: string, reference: string) {
  const { flow } = runner;
  let challengeUrl = '';
  const opened = await runner.send('issuer-open', async (target) => {
    const page = await postForm(on(target, acsUrl), { reference });
    if (page.status !== 200) return { status: page.status, body: page.text.slice(0, 300) };
    challengeUrl = new URL(onlyForm(page.text).action, page.url).toString();
    return { status: page.status };
  });
  if (opened?.status !== 200) return null;
  const answer = flow.authenticate ? { code: VERIFICATION_CODE, action: 'submit' } : { code: '', action: 'cancel' };
  const returned = await runner.send('issuer-answer', async (target) => {
    const page = await postForm(on(target, challengeUrl), { reference, ...answer });
    if (page.status !== 200) return { status: page.status, body: page.text.slice(0, 300) };
    const form = onlyForm(page.text);
    return { status: page.status, body: { postTo: form.action, paymentId: form.hidden.paymentId, securityKey: form.hidden.securityKey } };
  });
  return returned?.status === 200 ? (returned.body as { postTo: string; paymentId: string; securityKey: string }) : null;
}

async function directThreeDs(runner: Runner) {
  const { flow } = runner;
  const request = { ...paymentRequest({ orderId: flow.orderId, amount: SALE_AMOUNT }, cards[flow.card]), ...RETURN_URLS };
  const enrolled = await runner.send('enroll', (target) => runner.api(target).post('/api/3ds', request));
  if (enrolled?.status !== 200 || !enrolled.body.htmlContent) return;
  flow.paymentId = enrolled.body.paymentId;
  const form = onlyForm(enrolled.body.htmlContent);
  const returned = await issuer(runner, form.action, form.hidden.reference);
  if (!returned) return;
  await runner.send('complete', (target) =>
    runner.api(target).post(`/api/3ds/${flow.paymentId}/complete`, { securityKey: returned.securityKey }),
  );
}

async function checkout(runner: Runner, context: FlowContext) {
  const { flow } = runner;
  if (!flow.checkoutId) {
    const created = await runner.send('checkout', (target) =>
      runner.api(target).post('/api/checkout', { orderId: flow.orderId, amount: SALE_AMOUNT, currency: 'TRY', callback: context.callbackUrl }),
    );
    if (created?.status !== 200) return;
    flow.checkoutId = created.body.checkoutId;
  }
  await payCheckout(runner, context);
}

/** One shopper's attempt on the flow's checkout: Pay, the issuer page, the return, then the status. */
async function payCheckout(runner: Runner, context: FlowContext) {
  const { flow } = runner;
  const card = cards[flow.card];
  const { expiryMonth, expiryYear } = futureExpiry();
  const form = { cardHolderName: 'Ayşe Yılmaz', pan: card.pan, expiry: `${expiryMonth}/${expiryYear}`, cvv: card.cvv, installmentCount: 1 };
  const paid = await runner.send('pay', async (target) => {
    const answer = await startCheckoutPayment(target.baseUrl, flow.checkoutId!, form, { clientIp: nextClientIp(), actionId: context.actionId });
    return { status: answer.status, body: answer.result ?? answer.text.slice(0, 300) };
  });
  const result = paid?.body as StartPaymentResult | undefined;
  if (paid?.status !== 200 || !result?.ok || result.next.kind !== 'challenge') return;
  const returned = await issuer(runner, result.next.url, result.next.fields.reference);
  if (!returned) return;
  flow.paymentId = returned.paymentId;
  const back = await runner.send('return', async (target) => {
    const page = await postForm(on(target, returned.postTo), { paymentId: returned.paymentId, securityKey: returned.securityKey });
    return { status: page.status };
  });
  if (back?.status !== 200) return;
  await runner.send('checkout-status', (target) => runner.api(target).get(`/api/checkout/${flow.checkoutId}`));
}

/** A second shopper's attempt on an existing checkout (same orderId and checkoutId, a new flow record). */
export function secondAttempt(flow: Flow, options: { authenticate?: boolean } = {}): Flow {
  return { ...newFlow('checkout', { card: flow.card, authenticate: options.authenticate ?? flow.authenticate, orderId: flow.orderId }), checkoutId: flow.checkoutId };
}

/**
 * `workers` loops each running `mix` round-robin (each worker starting at its own place) until
 * `running()` turns false. `flows` grows as flows start; `done` resolves when every worker has stopped.
 */
export function runLoad(
  context: FlowContext,
  options: { workers: number; mix: (() => Flow)[]; running: () => boolean },
): { flows: Flow[]; done: Promise<Flow[]> } {
  const flows: Flow[] = [];
  const done = Promise.all(
    Array.from({ length: options.workers }, async (_, worker) => {
      for (let n = worker; options.running(); n++) {
        const flow = options.mix[n % options.mix.length]();
        flows.push(flow);
        await runFlow(context, flow, n);
      }
    }),
  ).then(() => flows);
  return { flows, done };
}

/** GET with retries on no answer (a safe request; pooled connections may still point at a killed server). */
export async function getWithRetry(target: Target, merchant: MerchantCredentials, path: string): Promise<ApiResponse> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await api({ baseUrl: target.baseUrl } as Backend, merchant).get(path);
    } catch (error) {
      if (attempt >= 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
