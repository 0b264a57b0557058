/**
 * The payment lifecycle as a model for fc.commands: what Kasa must answer (reference §5, §6, §7, §10)
 * to any sequence of sales, pre-authorizations, captures of any amount, cancels, refunds of any amount
 * (and retries under a used reference), 3-D Secure enrollments, issuer page answers, completions and
 * their replays, hosted checkouts and their attempts.
 *
 * The model is written from the contract: per payment its route, order, card, money, status and
 * 3-D Secure session (challenge outcome, wrong codes and keys, whether a security key was issued);
 * per checkout its terms, status, failed attempts and successes. Each command sends its requests,
 * holds the answers to the model (status code, resultCode, status, every amount in minor units) and
 * moves the model on. After a sequence, `verifyRun` reads every payment and checkout back over the
 * API and, on PostgreSQL, checks the invariants in the database itself, independently of the model:
 * captured ≤ authorized, one authorization (authCode) per approved payment and none otherwise, at most
 * one SUCCESS per checkout and per order, §6 interest, totals and commission, no stray rows.
 *
 * Each sequence uses fresh orderIds (commands may reuse the sequence's own), so sequences and other
 * test files never see each other's orders.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { expect } from 'vitest';
import { api, type ApiResponse } from '../../support/api';
import { cards, maskPan, type CardName, type TestCard } from '../../support/cards';
import { startCheckoutPayment, type CheckoutCardForm, type StartPaymentResult } from '../../support/checkout-action';
import type { Backend, MerchantCredentials } from '../../support/context';
import { sql } from '../../support/database';
import { onlyForm } from '../../support/html';
import { baseCommissionRateBp, divideHalfUp, futureExpiry, installmentRateBp } from '../../support/requests';
import { postForm, RETURN_URLS, VERIFICATION_CODE, WRONG_CODES, type PageResponse } from '../../support/three-ds';
import { clip, describeSent, expectContractAnswer, expectRejection, type Sent } from './contract';
import { amountMinor, ENABLED_CURRENCIES, uniqueOrderId, type Currency } from './values';

// ---- the model ----

/** How a payment was made: a direct sale or pre-authorization, or 3-D Secure (POST /api/3ds or a checkout attempt). */
export type Route = 'SALE' | 'PRE_AUTHORIZATION' | 'THREE_DS';

export interface ThreeDsModel {
  /** The issuer page's state: open, or finished either way (a key was then posted to the merchant). */
  challenge: 'CHALLENGE' | 'AUTHENTICATED' | 'FAILED';
  wrongCodes: number;
  wrongKeys: number;
  /** The issuer page finished and posted a securityKey (held by the real side). */
  keyIssued: boolean;
}

export interface PaymentModel {
  route: Route;
  orderId: string;
  card: CardName;
  currency: Currency;
  amountMinor: number;
  installmentCount: number;
  interestPaidByCustomer: boolean;
  status: 'SUCCESS' | 'FAILED' | 'ENROLLED' | 'CANCELLED';
  /** The resultCode the payment must show; null: not asserted (an ENROLLED payment has none yet). */
  resultCode: string | null;
  /** Captured amount of a pre-authorization (one capture, §5). */
  capturedMinor: number | null;
  /** Index of the checkout this payment is an attempt of. */
  checkout: number | null;
  /** The 3-D Secure session; null for direct payments and cards not enrolled. */
  threeDs: ThreeDsModel | null;
  /** Refunds that succeeded, in minor units, by the merchant's reference (§10). */
  refunds: { reference: string; minor: number; succeeded: boolean }[];
}

/** What went back to the card: the sum of the successful refunds. */
const refundedMinor = (p: PaymentModel) => p.refunds.reduce((sum, refund) => sum + (refund.succeeded ? refund.minor : 0), 0);

export interface CheckoutModel {
  orderId: string;
  currency: Currency;
  amountMinor: number;
  maxInstallmentCount: number;
  interestPaidByCustomer: boolean;
  status: 'OPEN' | 'PAID' | 'CLOSED';
  failedAttempts: number;
  successes: number;
  /** Index of the attempt GET /api/checkout/{id} reports (the latest started, or the successful one). */
  latest: number | null;
}

export interface Model {
  payments: PaymentModel[];
  checkouts: CheckoutModel[];
  /** Every orderId the sequence used, for commands that reuse one. */
  orderIds: string[];
}

/** A checkout closes after this many failed attempts (§7). */
const MAX_FAILED_ATTEMPTS = 3;
/** Wrong verification codes on the sandbox issuer page before it fails the challenge. */
const MAX_WRONG_CODES = 3;
/** Wrong security keys at completion before the payment fails (§5). */
const MAX_WRONG_KEYS = 5;
const SUPERSEDED = 'SUPERSEDED';

// ---- the real side: what the server handed out ----

export interface LifecycleContext {
  backend: Backend;
  merchant: MerchantCredentials;
  /** X-Forwarded-For of the merchant API requests. */
  clientIp: string;
  /** Where the checkouts' callbacks go (a stub of the test answering 204). */
  callbackUrl: string;
  /** The checkout page's startPayment server action in the build the server runs. */
  startPaymentAction: string;
  /** Commands executed, over every sequence of this backend (reported by the fuzz summary). */
  executed: number;
  /** How often each command ended which way (`Capture → 409 INVALID_STATE`), to show what the sequences reached. */
  outcomes: Record<string, number>;
}

/** Counts one outcome of a command. */
function reached(real: Real, outcome: string) {
  real.context.outcomes[outcome] = (real.context.outcomes[outcome] ?? 0) + 1;
}

/** The outcomes, most frequent first: `Capture → 200 ×12, …`. */
export function describeOutcomes(outcomes: Record<string, number>): string {
  return Object.entries(outcomes)
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
    .map(([outcome, count]) => `${outcome} ×${count}`)
    .join(', ');
}

export interface RealPayment {
  paymentId: string;
  /** 3-D Secure: the issuer page and the opaque reference htmlContent carries to it. */
  acsUrl?: string;
  reference?: string;
  successUrl?: string;
  failureUrl?: string;
  securityKey?: string;
  /** The first 200 answer of a completion: every later one must be the same (§5). */
  completed?: unknown;
  /** First seen authCode / externalTransactionId: a second authorization would change them. */
  authCode?: string;
  externalTransactionId?: string;
}

export interface CheckoutRequestBody {
  orderId: string;
  amount: number;
  currency: string;
  callback: string;
  maxInstallmentCount: number;
  interestPaidByCustomer: boolean;
}

export interface RealCheckout {
  checkoutId: string;
  request: CheckoutRequestBody;
}

export interface Real {
  context: LifecycleContext;
  payments: RealPayment[];
  checkouts: RealCheckout[];
}

export const newRun = (context: LifecycleContext): { model: Model; real: Real } => ({
  model: { payments: [], checkouts: [], orderIds: [] },
  real: { context, payments: [], checkouts: [] },
});

// ---- §6 money, in minor units (the enabled currencies all have 2 decimals) ----

const major = (minor: number) => minor / 100;

function interestMinor(amount: number, installmentCount: number, customerPays: boolean): number {
  return customerPays && installmentCount > 1 ? divideHalfUp(amount * installmentRateBp[installmentCount], 10_000) : 0;
}

function commissionMinor(amount: number, card: TestCard, installmentCount: number, customerPays: boolean): number {
  const borne = !customerPays && installmentCount > 1 ? installmentRateBp[installmentCount] : 0;
  return divideHalfUp(amount * (baseCommissionRateBp(card) + borne), 10_000);
}

/**
 * Whether the card offers `count` installments for the amount (§5, §6): domestic credit cards with
 * a loyalty program, counts 2–12, each installment (the first absorbing the remainder) at least one
 * minor unit.
 */
function installmentsOffered(card: TestCard, amount: number, count: number, customerPays: boolean): boolean {
  if (count === 1) return true;
  if (!card.installments || count < 2 || count > 12) return false;
  const total = amount + interestMinor(amount, count, customerPays);
  const installment = divideHalfUp(total, count);
  return installment >= 1 && total - (count - 1) * installment >= 1;
}

/** The amounts a payment's ApiPaymentResponse must show, in minor units. */
function expectedAmounts(p: PaymentModel) {
  const interest = interestMinor(p.amountMinor, p.installmentCount, p.interestPaidByCustomer);
  const approved = p.status === 'SUCCESS';
  // A cancelled payment was approved first: it keeps its amounts, and its commission is 0 (§10).
  const authorized = approved || p.status === 'CANCELLED';
  // A captured pre-authorization reports the captured amount as `amount` (§4).
  const shown = p.capturedMinor ?? p.amountMinor;
  return {
    amount: shown,
    interestAmount: interest,
    totalAmount: shown + interest,
    authorizedAmount: authorized ? p.amountMinor + interest : null,
    capturedAmount: !authorized ? null : p.route === 'PRE_AUTHORIZATION' ? p.capturedMinor : p.amountMinor + interest,
    merchantCommission: approved ? commissionMinor(shown, cards[p.card], p.installmentCount, p.interestPaidByCustomer) : 0,
    refundedAmount: refundedMinor(p),
  };
}

// ---- model transitions shared by several commands ----

/** Payments holding an order (§5: a second SUCCESS/ENROLLED payment of it is a DUPLICATE_ORDER). */
function orderHeld(model: Model, orderId: string, exceptEnrolledOf?: number): boolean {
  return model.payments.some(
    (p) =>
      p.orderId === orderId &&
      (p.status === 'SUCCESS' || p.status === 'ENROLLED') &&
      !(p.status === 'ENROLLED' && exceptEnrolledOf !== undefined && p.checkout === exceptEnrolledOf),
  );
}

/** A processed attempt counts on its checkout (§7): a success pays it, the third failure closes it. */
function settleCheckout(model: Model, index: number) {
  const p = model.payments[index];
  if (p.checkout === null) return;
  const checkout = model.checkouts[p.checkout];
  if (p.status === 'SUCCESS') {
    checkout.status = 'PAID';
    checkout.successes += 1;
    checkout.latest = index;
  } else {
    checkout.failedAttempts += 1;
    if (checkout.status === 'OPEN' && checkout.failedAttempts >= MAX_FAILED_ATTEMPTS) checkout.status = 'CLOSED';
  }
}

/** An ENROLLED payment fails for good; its issuer page closes. A superseded attempt does not count. */
function failEnrolled(model: Model, index: number, resultCode: string) {
  const p = model.payments[index];
  p.status = 'FAILED';
  p.resultCode = resultCode;
  if (p.threeDs?.challenge === 'CHALLENGE') p.threeDs.challenge = 'FAILED';
  if (resultCode !== SUPERSEDED) settleCheckout(model, index);
}

type Expected = { status: 200 } | { status: number; code: string };

/**
 * A securityKey presented for payment `index` (§5 complete, or the checkout's 3-D Secure return): the
 * issued key of a finished payment answers its final result again; a wrong one is refused and counts
 * (5 fail the payment); the issued key of an ENROLLED payment completes it: FAILED after a failed
 * challenge, else one authorization by the card's outcome.
 */
function presentKey(model: Model, index: number, keyMatches: boolean): Expected {
  const p = model.payments[index];
  if (!p.threeDs) return { status: 404, code: 'NOT_FOUND' };
  if (p.status !== 'ENROLLED') return keyMatches ? { status: 200 } : { status: 400, code: 'INVALID_SECURITY_KEY' };
  if (!keyMatches) {
    p.threeDs.wrongKeys += 1;
    if (p.threeDs.wrongKeys >= MAX_WRONG_KEYS) failEnrolled(model, index, 'THREE_DS_KEY_ATTEMPTS_EXCEEDED');
    return { status: 400, code: 'INVALID_SECURITY_KEY' };
  }
  if (p.threeDs.challenge === 'FAILED') {
    failEnrolled(model, index, 'THREE_DS_AUTH_FAILED');
    return { status: 200 };
  }
  const outcome = cards[p.card].outcome;
  p.status = outcome === 'APPROVED' ? 'SUCCESS' : 'FAILED';
  p.resultCode = outcome === 'APPROVED' ? 'SUCCESS' : outcome;
  settleCheckout(model, index);
  return { status: 200 };
}

// ---- requests ----

const CARD_HOLDER = 'Ayşe Yılmaz';

/** A shopper address of its own per checkout attempt (2001:db8:11fe::/48, no other test uses it): 10 card submissions per address and minute. */
const shopperIp = () => `2001:db8:11fe:${Array.from({ length: 5 }, () => randomBytes(2).toString('hex')).join(':')}`;

interface Exchange {
  response: ApiResponse;
  sent: Sent;
  /** The request and its answer, for assertion messages. */
  context: string;
}

/** One merchant API request; a 429 (rate limit, shared with other files on PGlite) is waited out and resent. */
async function call(real: Real, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Exchange> {
  const { backend, merchant, clientIp } = real.context;
  const sent: Sent = { method, path, body: body === undefined ? undefined : JSON.stringify(body) };
  for (let attempt = 0; ; attempt++) {
    const client = api(backend, merchant);
    const response = method === 'GET' ? await client.get(path, { clientIp }) : await client.post(path, body, { clientIp });
    if (response.status === 429 && attempt < 10) {
      await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers.get('retry-after') ?? 1)));
      continue;
    }
    const context = `${describeSent(sent)}\n→ HTTP ${response.status} ${clip(response.text, 1500)}`;
    expectContractAnswer(response, sent);
    return { response, sent, context };
  }
}

/** Holds the answer to the expected status (and resultCode); returns it as an outcome label. */
function expectAnswer(exchange: Exchange, expected: Expected): string {
  if (expected.status === 200) {
    expect(exchange.response.status, `expected 200\n${exchange.context}`).toBe(200);
    return '200';
  }
  const { code } = expected as { code: string };
  expectRejection(exchange.response, exchange.sent, expected.status, code);
  return `${expected.status} ${code}`;
}

/**
 * A payment's ApiPaymentResponse against the model (§4, §6): status, resultCode, every amount, and the
 * authorization: an authCode exactly when approved, never a different one later.
 */
function expectPayment(body: any, p: PaymentModel, rp: RealPayment, context: string) {
  const amounts = expectedAmounts(p);
  const toMajor = (value: number | null) => (value === null ? null : major(value));
  const expected = {
    paymentId: rp.paymentId,
    orderId: p.orderId,
    currency: p.currency,
    transactionType: p.route === 'PRE_AUTHORIZATION' ? 'PRE_AUTHORIZATION' : 'SALE',
    installmentCount: p.installmentCount,
    status: p.status,
    pan: maskPan(cards[p.card].pan),
    cardScheme: cards[p.card].scheme,
    amount: major(amounts.amount),
    interestAmount: major(amounts.interestAmount),
    totalAmount: major(amounts.totalAmount),
    authorizedAmount: toMajor(amounts.authorizedAmount),
    // An uncaptured pre-authorization may show 0 or null (tests/support/assertions.ts).
    capturedAmount: amounts.capturedAmount === null && p.route === 'PRE_AUTHORIZATION' && body?.capturedAmount === 0 ? 0 : toMajor(amounts.capturedAmount),
    merchantCommission: major(amounts.merchantCommission),
    refundedAmount: major(amounts.refundedAmount),
    ...(p.resultCode !== null ? { resultCode: p.resultCode } : {}),
  };
  const shown = Object.fromEntries(Object.keys(expected).map((key) => [key, body?.[key]]));
  expect(shown, `payment ${rp.paymentId} against the model\n${context}`).toEqual(expected);

  if (p.status === 'SUCCESS' || p.status === 'CANCELLED') {
    expect(typeof body.authCode === 'string' && body.authCode.length === 6, `an approved payment has a 6-character authCode\n${context}`).toBe(true);
    expect(typeof body.externalTransactionId === 'string' && body.externalTransactionId.length > 0, `externalTransactionId\n${context}`).toBe(true);
  } else {
    expect(body.authCode, `a payment not approved has no authCode\n${context}`).toBeNull();
  }
  // One authorization per payment: what the bank answered once stays.
  if (rp.authCode !== undefined) expect(body.authCode, `authCode changed: a second authorization?\n${context}`).toBe(rp.authCode);
  else if (body.authCode) rp.authCode = body.authCode;
  if (rp.externalTransactionId !== undefined) {
    expect(body.externalTransactionId, `externalTransactionId changed: a second authorization?\n${context}`).toBe(rp.externalTransactionId);
  } else if (body.externalTransactionId) rp.externalTransactionId = body.externalTransactionId;
}

/** GET /api/checkout/{id}: the latest attempt's payment, or PENDING before any (§5). */
async function expectCheckoutStatus(model: Model, real: Real, index: number, why: string) {
  const c = model.checkouts[index];
  const rc = real.checkouts[index];
  const exchange = await call(real, 'GET', `/api/checkout/${rc.checkoutId}`);
  const context = `${why}\n${exchange.context}`;
  expect(exchange.response.status, context).toBe(200);
  const body = exchange.response.body;
  if (c.latest === null) {
    expect({ status: body.status, paymentId: body.paymentId, orderId: body.orderId, amount: body.amount, currency: body.currency }, context).toEqual({
      status: 'PENDING',
      paymentId: null,
      orderId: c.orderId,
      amount: major(c.amountMinor),
      currency: c.currency,
    });
    return body;
  }
  expectPayment(body, model.payments[c.latest], real.payments[c.latest], context);
  return body;
}

async function expectPaymentState(model: Model, real: Real, index: number, why: string) {
  const exchange = await call(real, 'GET', `/api/payment/${real.payments[index].paymentId}`);
  expect(exchange.response.status, `${why}\n${exchange.context}`).toBe(200);
  expectPayment(exchange.response.body, model.payments[index], real.payments[index], `${why}\n${exchange.context}`);
}

function newPayment(model: Model, real: Real, p: PaymentModel, rp: RealPayment): number {
  model.payments.push(p);
  real.payments.push(rp);
  return model.payments.length - 1;
}

/** An orderId for a request: a fresh one, or one the sequence used already (payments or checkouts). */
export type OrderChoice = { fresh: true } | { reuse: number };

function orderIdFor(model: Model, choice: OrderChoice): string {
  if ('reuse' in choice && model.orderIds.length > 0) return model.orderIds[choice.reuse % model.orderIds.length];
  const orderId = uniqueOrderId('LIFE-');
  model.orderIds.push(orderId);
  return orderId;
}

const describeOrder = (choice: OrderChoice) => ('reuse' in choice ? `order#${choice.reuse}` : 'new order');

function cardRequest(card: TestCard) {
  return { cardHolderName: CARD_HOLDER, pan: card.pan, ...futureExpiry(), cvv: card.cvv };
}

/** The issuer page as a browser drives it: opens it with the reference, answers with the code, a wrong code, or Cancel. */
async function answerIssuer(model: Model, real: Real, index: number, answer: 'code' | 'wrong-code' | 'cancel'): Promise<string> {
  const p = model.payments[index];
  const rp = real.payments[index];
  const threeDs = p.threeDs!;
  const fields = {
    reference: rp.reference!,
    code: answer === 'code' ? VERIFICATION_CODE : answer === 'wrong-code' ? WRONG_CODES[threeDs.wrongCodes % WRONG_CODES.length] : '',
    action: answer === 'cancel' ? 'cancel' : 'submit',
  };
  const opened = await postForm(rp.acsUrl!, { reference: rp.reference! });
  const where = (page: PageResponse) =>
    `issuer page of payment ${rp.paymentId} (${p.status}, challenge ${threeDs.challenge}): POST ${page.url} → ${page.status} ${clip(page.text, 400)}`;
  if (threeDs.challenge !== 'CHALLENGE') {
    // Finished or failed: the page is closed, and an answer posted anyway issues no second key.
    expect(opened.status, where(opened)).toBe(410);
    const late = await postForm(`${rp.acsUrl}/challenge`, fields);
    expect(late.status, where(late)).toBe(410);
    return '410 closed';
  }
  expect(opened.status, where(opened)).toBe(200);
  const challengeUrl = new URL(onlyForm(opened.text).action, opened.url).toString();
  const page = await postForm(challengeUrl, fields);
  expect(page.status, where(page)).toBe(200);
  if (answer === 'wrong-code' && threeDs.wrongCodes + 1 < MAX_WRONG_CODES) {
    threeDs.wrongCodes += 1;
    expect(onlyForm(page.text).hidden.reference, `a wrong code shows the challenge again\n${where(page)}`).toBe(rp.reference);
    return 'retry';
  }
  if (answer === 'wrong-code') threeDs.wrongCodes += 1;
  const authenticated = answer === 'code';
  threeDs.challenge = authenticated ? 'AUTHENTICATED' : 'FAILED';
  threeDs.keyIssued = true;
  const form = onlyForm(page.text);
  expect({ action: form.action, paymentId: form.hidden.paymentId }, `the return page posts to the ${authenticated ? 'success' : 'failure'} URL\n${where(page)}`).toEqual({
    action: authenticated ? rp.successUrl : rp.failureUrl,
    paymentId: rp.paymentId,
  });
  // A form without the field has none, whatever the Record type says.
  const hidden: Partial<Record<string, string>> = form.hidden;
  expect(hidden.securityKey?.length ?? 0, where(page)).toBeGreaterThanOrEqual(22);
  rp.securityKey = form.hidden.securityKey!;
  return authenticated ? 'authenticated' : 'failed';
}

/**
 * Which key a completion presents: the one issued for the payment (when there is one), a made-up one,
 * or one issued for another payment of the sequence (keys are bound to their payment, §5).
 */
export type KeyChoice = 'issued' | 'made-up' | 'foreign';

/** POST /api/3ds/{id}/complete with the key `key` chooses. */
async function completeOverApi(model: Model, real: Real, index: number, key: KeyChoice, why: string): Promise<string> {
  const p = model.payments[index];
  const rp = real.payments[index];
  const keyMatches = key === 'issued' && p.threeDs?.keyIssued === true;
  const foreign = real.payments.find((other, n) => n !== index && other.securityKey !== undefined)?.securityKey;
  const securityKey = keyMatches ? rp.securityKey! : key === 'foreign' && foreign ? foreign : randomBytes(32).toString('base64url');
  const expected = presentKey(model, index, keyMatches);
  const exchange = await call(real, 'POST', `/api/3ds/${rp.paymentId}/complete`, { securityKey });
  const context = `${why}\n${exchange.context}`;
  const outcome = expectAnswer({ ...exchange, context }, expected);
  if (expected.status !== 200) return outcome;
  expectPayment(exchange.response.body, p, rp, context);
  // Repeating a completed call returns the same final result (§5), as the payment stands after a cancel or refund.
  if (rp.completed !== undefined) expect(exchange.response.body, `a repeated completion answers the first one's result\n${context}`).toEqual(rp.completed);
  else rp.completed = exchange.response.body;
  return `200 ${p.status}`;
}

// ---- commands ----

type LifecycleCommand = fc.AsyncCommand<Model, Real>;

const indicesWhere = (model: Model, keep: (p: PaymentModel) => boolean) =>
  model.payments.flatMap((p, index) => (keep(p) ? [index] : []));

/** The `target`-th index counted from the newest (targets are mostly small: commands follow up on recent ones). */
const newest = (length: number, target: number) => length - 1 - (target % length);
const pick = (list: number[], target: number) => list[newest(list.length, target)];

abstract class Step implements LifecycleCommand {
  abstract check(model: Readonly<Model>): boolean;
  abstract toString(): string;
  /** Runs the command against Kasa and the model; returns how it ended (`200 SUCCESS`, `409 INVALID_STATE`…). */
  protected abstract execute(model: Model, real: Real): Promise<string>;
  async run(model: Model, real: Real): Promise<void> {
    real.context.executed += 1;
    const outcome = await this.execute(model, real);
    reached(real, `${this.toString().split('(')[0]} → ${outcome}`);
  }
}

export interface Money {
  currency: Currency;
  minor: number;
}

const showMoney = (money: Money) => `${major(money.minor)} ${money.currency}`;

/** POST /api/payment or /api/pre-authorization (§5): approved or declined by the card, or DUPLICATE_ORDER. */
class DirectPayment extends Step {
  constructor(
    readonly route: 'SALE' | 'PRE_AUTHORIZATION',
    readonly card: CardName,
    readonly money: Money,
    readonly order: OrderChoice,
  ) {
    super();
  }
  check() {
    return true;
  }
  toString() {
    return `${this.route === 'SALE' ? 'Sale' : 'PreAuthorize'}(${this.card}, ${showMoney(this.money)}, ${describeOrder(this.order)})`;
  }

  protected async execute(model: Model, real: Real) {
    const orderId = orderIdFor(model, this.order);
    const card = cards[this.card];
    const request = { orderId, amount: major(this.money.minor), currency: this.money.currency, ...cardRequest(card), requestIp: '198.51.100.7', requestPort: 443 };
    const exchange = await call(real, 'POST', this.route === 'SALE' ? '/api/payment' : '/api/pre-authorization', request);
    if (orderHeld(model, orderId)) return expectAnswer(exchange, { status: 409, code: 'DUPLICATE_ORDER' });
    expectAnswer(exchange, { status: 200 });
    const approved = card.outcome === 'APPROVED';
    const p: PaymentModel = {
      route: this.route,
      orderId,
      card: this.card,
      currency: this.money.currency,
      amountMinor: this.money.minor,
      installmentCount: 1,
      interestPaidByCustomer: false,
      status: approved ? 'SUCCESS' : 'FAILED',
      resultCode: approved ? 'SUCCESS' : card.outcome,
      capturedMinor: null,
      checkout: null,
      threeDs: null,
      refunds: [],
    };
    const rp: RealPayment = { paymentId: exchange.response.body.paymentId };
    newPayment(model, real, p, rp);
    expectPayment(exchange.response.body, p, rp, exchange.context);
    return `200 ${p.status}`;
  }
}

/** How a capture's amount relates to what the payment authorized. */
export type CaptureAmount =
  | { kind: 'equal' }
  | { kind: 'below'; perMille: number }
  | { kind: 'above'; extra: number }
  | { kind: 'one-cent' }
  | { kind: 'zero' }
  | { kind: 'negative'; extra: number }
  | { kind: 'sub-cent' };

/**
 * POST /api/pre-authorization/{id}/capture (§5) of any payment of the sequence, for any amount: one
 * capture per approved pre-authorization, at most what it authorized, in its currency.
 */
class Capture extends Step {
  constructor(
    readonly target: number,
    readonly preAuthorizationsOnly: boolean,
    readonly amount: CaptureAmount,
    readonly otherCurrency: boolean,
  ) {
    super();
  }
  private candidates = (model: Readonly<Model>) => indicesWhere(model, (p) => !this.preAuthorizationsOnly || p.route === 'PRE_AUTHORIZATION');
  check(model: Readonly<Model>) {
    return this.candidates(model).length > 0;
  }
  toString() {
    return `Capture(${this.preAuthorizationsOnly ? 'pre-auth' : 'payment'}#${this.target}, ${JSON.stringify(this.amount)}${this.otherCurrency ? ', other currency' : ''})`;
  }

  protected async execute(model: Model, real: Real) {
    const list = this.candidates(model);
    const index = pick(list, this.target);
    const p = model.payments[index];
    const rp = real.payments[index];
    const authorized = p.amountMinor + interestMinor(p.amountMinor, p.installmentCount, p.interestPaidByCustomer);
    const amount = this.amountMinor(authorized);
    const currency = this.otherCurrency ? ENABLED_CURRENCIES.find((code) => code !== p.currency)! : p.currency;
    const body = { amount: this.amount.kind === 'sub-cent' ? (authorized + 0.5) / 100 : major(amount), currency };
    const exchange = await call(real, 'POST', `/api/pre-authorization/${rp.paymentId}/capture`, body);

    let expected: Expected;
    if (this.amount.kind === 'sub-cent' || amount <= 0) expected = { status: 400, code: 'VALIDATION_ERROR' };
    else if (p.route !== 'PRE_AUTHORIZATION' || p.status !== 'SUCCESS' || p.capturedMinor !== null) expected = { status: 409, code: 'INVALID_STATE' };
    else if (currency !== p.currency) expected = { status: 409, code: 'CURRENCY_MISMATCH' };
    else if (amount > authorized) expected = { status: 409, code: 'AMOUNT_EXCEEDS_AUTHORIZED' };
    else expected = { status: 200 };
    const context = `capture of payment ${index} (${p.route} ${p.status}, authorized ${authorized}, captured ${p.capturedMinor})\n${exchange.context}`;
    const outcome = expectAnswer({ ...exchange, context }, expected);
    if (expected.status !== 200) {
      if (expected.status === 400) expect(exchange.response.body.errors.map((error: { field: string }) => error.field), context).toContain('amount');
      return outcome;
    }
    p.capturedMinor = amount;
    expectPayment(exchange.response.body, p, rp, context);
    return amount === authorized ? '200 full' : '200 partial';
  }

  private amountMinor(authorized: number): number {
    switch (this.amount.kind) {
      case 'equal':
        return authorized;
      case 'below':
        return Math.max(1, Math.floor((authorized * this.amount.perMille) / 1000));
      case 'above':
        return authorized + 1 + this.amount.extra;
      case 'one-cent':
        return 1;
      case 'zero':
        return 0;
      case 'negative':
        return -1 - this.amount.extra;
      case 'sub-cent':
        return authorized;
    }
  }
}

/** What a cancel or refund may move: the charge of a SUCCESS payment, 0 for an uncaptured pre-authorization. */
function chargedMinor(p: PaymentModel): number | null {
  if (p.route === 'PRE_AUTHORIZATION') return p.capturedMinor;
  return p.amountMinor + interestMinor(p.amountMinor, p.installmentCount, p.interestPaidByCustomer);
}

/** The card whose refunds and cancels the sandbox bank declines (§8). */
const irreversible = (p: PaymentModel) => cards[p.card].pan === cards.irreversible.pan;

/**
 * POST /api/payment/{id}/cancel (§10) of any payment: an approved, uncaptured pre-authorization or an
 * approved charge without refunds (the sequence runs within its settlement day) is CANCELLED with
 * commission 0; a repeat answers the same; anything else is INVALID_STATE; the irreversible card's
 * cancel is declined and the payment stands.
 */
class Cancel extends Step {
  constructor(readonly target: number) {
    super();
  }
  check(model: Readonly<Model>) {
    return model.payments.length > 0;
  }
  toString() {
    return `Cancel(payment#${this.target})`;
  }

  protected async execute(model: Model, real: Real) {
    const index = newest(model.payments.length, this.target);
    const p = model.payments[index];
    const rp = real.payments[index];
    const exchange = await call(real, 'POST', `/api/payment/${rp.paymentId}/cancel`, {});
    const context = `cancel of payment ${index} (${p.route} ${p.status}, captured ${p.capturedMinor}, refunded ${refundedMinor(p)})\n${exchange.context}`;
    let expected: Expected;
    if (p.status === 'CANCELLED') expected = { status: 200 };
    else if (p.status !== 'SUCCESS' || p.refunds.some((refund) => refund.succeeded)) expected = { status: 409, code: 'INVALID_STATE' };
    else if (irreversible(p)) expected = { status: 422, code: 'CANCEL_DECLINED' };
    else expected = { status: 200 };
    const outcome = expectAnswer({ ...exchange, context }, expected);
    if (expected.status !== 200) return outcome;
    const repeat = p.status === 'CANCELLED';
    p.status = 'CANCELLED';
    rp.completed = undefined;
    expectPayment(exchange.response.body, p, rp, context);
    expect(exchange.response.body.cancelledAt, context).toEqual(expect.any(String));
    return repeat ? '200 repeat' : '200 CANCELLED';
  }
}

export type RefundAmount = { kind: 'rest' } | { kind: 'part'; perMille: number } | { kind: 'above'; extra: number } | { kind: 'zero' } | { kind: 'sub-cent' };

/**
 * POST /api/payment/{id}/refund (§10) of any payment, for any amount, with a fresh reference or one the
 * payment used: refunds add up to at most the charge; a reused reference answers its refund (or
 * DUPLICATE_REFERENCE for another amount); the irreversible card's refunds are declined (200 FAILED).
 */
class Refund extends Step {
  constructor(
    readonly target: number,
    readonly amount: RefundAmount,
    readonly otherCurrency: boolean,
    readonly reuseReference: boolean,
  ) {
    super();
  }
  check(model: Readonly<Model>) {
    return model.payments.length > 0;
  }
  toString() {
    return `Refund(payment#${this.target}, ${JSON.stringify(this.amount)}${this.otherCurrency ? ', other currency' : ''}${this.reuseReference ? ', reused reference' : ''})`;
  }

  protected async execute(model: Model, real: Real) {
    const index = newest(model.payments.length, this.target);
    const p = model.payments[index];
    const rp = real.payments[index];
    const charged = chargedMinor(p);
    const refundable = charged === null ? 0 : charged - refundedMinor(p);
    const earlier = this.reuseReference ? p.refunds.at(-1) : undefined;
    const reference = earlier?.reference ?? `REF-${randomBytes(6).toString('hex')}`;
    const minor = this.amountMinor(refundable, earlier);
    const currency = this.otherCurrency ? ENABLED_CURRENCIES.find((code) => code !== p.currency)! : p.currency;
    const body = {
      ...(this.amount.kind === 'rest' ? {} : { amount: this.amount.kind === 'sub-cent' ? (Math.max(refundable, 1) + 0.5) / 100 : major(minor) }),
      currency,
      reference,
    };
    const exchange = await call(real, 'POST', `/api/payment/${rp.paymentId}/refund`, body);
    const context = `refund of payment ${index} (${p.route} ${p.status}, charged ${charged}, refundable ${refundable})\n${exchange.context}`;

    let expected: Expected;
    const moneyMoved = p.status === 'SUCCESS' && charged !== null;
    if (this.amount.kind === 'sub-cent' || (this.amount.kind !== 'rest' && minor <= 0)) expected = { status: 400, code: 'VALIDATION_ERROR' };
    else if (earlier) expected = this.amount.kind === 'rest' || minor === earlier.minor ? { status: 200 } : { status: 409, code: 'DUPLICATE_REFERENCE' };
    else if (!moneyMoved) expected = { status: 409, code: 'INVALID_STATE' };
    else if (currency !== p.currency) expected = { status: 400, code: 'CURRENCY_MISMATCH' };
    else if (minor > refundable || refundable === 0) expected = { status: 409, code: 'AMOUNT_EXCEEDS_REFUNDABLE' };
    else expected = { status: 200 };
    const outcome = expectAnswer({ ...exchange, context }, expected);
    if (expected.status !== 200) return outcome;

    const answer = exchange.response.body;
    if (earlier) {
      expect({ amount: answer.amount, status: answer.status, reference: answer.reference }, `a reused reference answers its refund\n${context}`).toEqual({
        amount: major(earlier.minor),
        status: earlier.succeeded ? 'SUCCESS' : 'FAILED',
        reference,
      });
      return '200 same refund';
    }
    const succeeded = !irreversible(p);
    p.refunds.push({ reference, minor, succeeded });
    if (succeeded) rp.completed = undefined;
    expect(
      { status: answer.status, resultCode: answer.resultCode, amount: answer.amount, refundedAmount: answer.refundedAmount, refundableAmount: answer.refundableAmount },
      `the refund against the model\n${context}`,
    ).toEqual({
      status: succeeded ? 'SUCCESS' : 'FAILED',
      resultCode: succeeded ? 'SUCCESS' : 'REFUND_DECLINED',
      amount: major(minor),
      refundedAmount: major(refundedMinor(p)),
      refundableAmount: major(charged! - refundedMinor(p)),
    });
    if (succeeded) expect(answer.externalTransactionId, `a refund carries the bank's reference\n${context}`).toEqual(expect.any(String));
    await expectPaymentState(model, real, index, `after refund of payment ${index}`);
    return succeeded ? (minor === refundable ? '200 rest' : '200 part') : '200 FAILED';
  }

  private amountMinor(refundable: number, earlier: { minor: number } | undefined): number {
    switch (this.amount.kind) {
      case 'rest':
        return earlier ? earlier.minor : refundable;
      case 'part':
        return Math.max(1, Math.floor((Math.max(refundable, 1) * this.amount.perMille) / 1000));
      case 'above':
        return refundable + 1 + this.amount.extra;
      case 'zero':
        return 0;
      case 'sub-cent':
        return refundable;
    }
  }
}

/** POST /api/3ds (§5): enrolled, not enrolled, an installment count the card does not offer, or DUPLICATE_ORDER. */
class Enroll extends Step {
  constructor(
    readonly card: CardName,
    readonly money: Money,
    /** 0: installmentCount left out; 1–12 sent. */
    readonly installmentCount: number,
    readonly interestPaidByCustomer: boolean,
    readonly order: OrderChoice,
  ) {
    super();
  }
  check() {
    return true;
  }
  toString() {
    const terms = `${this.installmentCount || 'default'} installment(s)${this.interestPaidByCustomer ? ', customer pays interest' : ''}`;
    return `Enroll3ds(${this.card}, ${showMoney(this.money)}, ${terms}, ${describeOrder(this.order)})`;
  }

  protected async execute(model: Model, real: Real) {
    const orderId = orderIdFor(model, this.order);
    const card = cards[this.card];
    const count = this.installmentCount || 1;
    const request = {
      orderId,
      amount: major(this.money.minor),
      currency: this.money.currency,
      ...cardRequest(card),
      requestIp: '198.51.100.7',
      requestPort: 443,
      ...(this.installmentCount ? { installmentCount: this.installmentCount } : {}),
      interestPaidByCustomer: this.interestPaidByCustomer,
      ...RETURN_URLS,
    };
    const exchange = await call(real, 'POST', '/api/3ds', request);
    if (!installmentsOffered(card, this.money.minor, count, this.interestPaidByCustomer)) {
      const outcome = expectAnswer(exchange, { status: 400, code: 'VALIDATION_ERROR' });
      expect(exchange.response.body.errors.map((error: { field: string }) => error.field), exchange.context).toContain('installmentCount');
      return outcome;
    }
    if (orderHeld(model, orderId)) return expectAnswer(exchange, { status: 409, code: 'DUPLICATE_ORDER' });
    expectAnswer(exchange, { status: 200 });
    const body = exchange.response.body;
    const enrolled = card !== cards.notEnrolled;
    const p: PaymentModel = {
      route: 'THREE_DS',
      orderId,
      card: this.card,
      currency: this.money.currency,
      amountMinor: this.money.minor,
      installmentCount: count,
      interestPaidByCustomer: this.interestPaidByCustomer,
      status: enrolled ? 'ENROLLED' : 'FAILED',
      resultCode: enrolled ? null : 'NOT_ENROLLED',
      capturedMinor: null,
      checkout: null,
      threeDs: enrolled ? { challenge: 'CHALLENGE', wrongCodes: 0, wrongKeys: 0, keyIssued: false } : null,
      refunds: [],
    };
    const rp: RealPayment = { paymentId: body.paymentId, ...RETURN_URLS };
    if (enrolled) {
      expect({ success: body.success, resultCode: body.resultCode }, exchange.context).toEqual({ success: true, resultCode: 'SUCCESS' });
      const form = onlyForm(body.htmlContent);
      expect(form.action, exchange.context).toBe(`${real.context.backend.baseUrl}/sandbox/acs`);
      rp.acsUrl = form.action;
      rp.reference = form.hidden.reference;
    } else {
      expect({ success: body.success, resultCode: body.resultCode, htmlContent: body.htmlContent }, exchange.context).toEqual({
        success: false,
        resultCode: 'NOT_ENROLLED',
        htmlContent: null,
      });
    }
    const index = newPayment(model, real, p, rp);
    await expectPaymentState(model, real, index, `the payment POST /api/3ds created\n${exchange.context}`);
    return `200 ${p.status}${count > 1 ? ' with installments' : ''}`;
  }
}

/** The sandbox issuer page of any 3-D Secure payment of the sequence (direct or a checkout attempt). */
class AnswerChallenge extends Step {
  constructor(
    readonly target: number,
    readonly answer: 'code' | 'wrong-code' | 'cancel',
  ) {
    super();
  }
  private candidates = (model: Readonly<Model>) => indicesWhere(model, (p) => p.threeDs !== null);
  check(model: Readonly<Model>) {
    return this.candidates(model).length > 0;
  }
  toString() {
    return `AnswerChallenge(3ds#${this.target}, ${this.answer})`;
  }

  protected async execute(model: Model, real: Real) {
    const list = this.candidates(model);
    return answerIssuer(model, real, pick(list, this.target), this.answer);
  }
}

/**
 * POST /api/3ds/{id}/complete of any payment of the sequence, with its issued key, or `times` wrong
 * ones in a row (5 fail an ENROLLED payment).
 */
class Complete extends Step {
  constructor(
    readonly target: number,
    readonly threeDsOnly: boolean,
    readonly key: KeyChoice,
    readonly times: number,
  ) {
    super();
  }
  private candidates = (model: Readonly<Model>) => indicesWhere(model, (p) => !this.threeDsOnly || p.threeDs !== null);
  check(model: Readonly<Model>) {
    return this.candidates(model).length > 0;
  }
  toString() {
    return `Complete3ds(${this.threeDsOnly ? '3ds' : 'payment'}#${this.target}, ${this.key === 'issued' ? 'issued key' : `${this.key} key ×${this.times}`})`;
  }

  protected async execute(model: Model, real: Real) {
    const list = this.candidates(model);
    const index = pick(list, this.target);
    const p = model.payments[index];
    const outcomes: string[] = [];
    for (let n = 0; n < (this.key === 'issued' ? 1 : this.times); n++) {
      outcomes.push(await completeOverApi(model, real, index, this.key, `complete payment ${index} (${p.status}, challenge ${p.threeDs?.challenge ?? 'none'})`));
    }
    const lockedOut = this.key !== 'issued' && p.status === 'FAILED' && p.resultCode === 'THREE_DS_KEY_ATTEMPTS_EXCEEDED';
    return lockedOut ? `${outcomes.at(-1)}, FAILED after ${MAX_WRONG_KEYS} wrong keys` : outcomes.at(-1)!;
  }
}

/** The issued key of a finished 3-D Secure payment again: the same final result, never a second authorization (§5). */
class ReplayComplete extends Step {
  constructor(readonly target: number) {
    super();
  }
  private candidates = (model: Readonly<Model>) => indicesWhere(model, (p) => p.threeDs?.keyIssued === true && p.status !== 'ENROLLED');
  check(model: Readonly<Model>) {
    return this.candidates(model).length > 0;
  }
  toString() {
    return `Replay3dsComplete(finished#${this.target})`;
  }

  protected async execute(model: Model, real: Real) {
    const list = this.candidates(model);
    const index = pick(list, this.target);
    const outcome = await completeOverApi(model, real, index, 'issued', `replayed completion of payment ${index} (${model.payments[index].status})`);
    await expectPaymentState(model, real, index, `payment ${index} after a replayed completion`);
    return outcome;
  }
}

/** POST /api/checkout (§5): a new checkout, the same one for an identical request while open, or DUPLICATE_ORDER. */
class CreateCheckout extends Step {
  constructor(
    readonly money: Money,
    readonly maxInstallmentCount: number,
    readonly interestPaidByCustomer: boolean,
    readonly order: OrderChoice,
    /** Resend the request of an earlier checkout of the sequence, unchanged. */
    readonly repeat: number | null,
  ) {
    super();
  }
  check() {
    return true;
  }
  toString() {
    if (this.repeat !== null) return `CreateCheckout(repeat of checkout#${this.repeat})`;
    const terms = `up to ${this.maxInstallmentCount} installment(s)${this.interestPaidByCustomer ? ', customer pays interest' : ''}`;
    return `CreateCheckout(${showMoney(this.money)}, ${terms}, ${describeOrder(this.order)})`;
  }

  protected async execute(model: Model, real: Real) {
    const request: CheckoutRequestBody =
      this.repeat !== null && real.checkouts.length > 0
        ? real.checkouts[newest(real.checkouts.length, this.repeat)].request
        : {
            orderId: orderIdFor(model, this.order),
            amount: major(this.money.minor),
            currency: this.money.currency,
            callback: real.context.callbackUrl,
            maxInstallmentCount: this.maxInstallmentCount,
            interestPaidByCustomer: this.interestPaidByCustomer,
          };
    const exchange = await call(real, 'POST', '/api/checkout', request);
    const heldDirectly = model.payments.some((p) => p.orderId === request.orderId && p.checkout === null && (p.status === 'SUCCESS' || p.status === 'ENROLLED'));
    const live = model.checkouts.findIndex((c) => c.orderId === request.orderId && (c.status === 'OPEN' || c.status === 'PAID'));
    if (heldDirectly) return expectAnswer(exchange, { status: 409, code: 'DUPLICATE_ORDER' });
    if (live >= 0) {
      if (model.checkouts[live].status === 'OPEN' && JSON.stringify(real.checkouts[live].request) === JSON.stringify(request)) {
        expectAnswer(exchange, { status: 200 });
        expect(exchange.response.body.checkoutId, `an identical request for an open checkout answers the same checkout\n${exchange.context}`).toBe(
          real.checkouts[live].checkoutId,
        );
        return '200 the same checkout';
      }
      return expectAnswer(exchange, { status: 409, code: 'DUPLICATE_ORDER' });
    }
    expectAnswer(exchange, { status: 200 });
    const checkoutId = exchange.response.body.checkoutId;
    expect(real.checkouts.map((c) => c.checkoutId), `a new checkout gets a new id\n${exchange.context}`).not.toContain(checkoutId);
    expect(exchange.response.body.redirectUrl, exchange.context).toBe(`${real.context.backend.baseUrl}/checkout-link/${checkoutId}`);
    model.checkouts.push({
      orderId: request.orderId,
      currency: request.currency as Currency,
      amountMinor: Math.round(request.amount * 100),
      maxInstallmentCount: request.maxInstallmentCount,
      interestPaidByCustomer: request.interestPaidByCustomer,
      status: 'OPEN',
      failedAttempts: 0,
      successes: 0,
      latest: null,
    });
    real.checkouts.push({ checkoutId, request });
    await expectCheckoutStatus(model, real, model.checkouts.length - 1, 'a new checkout');
    return '200 new';
  }
}

/**
 * A shopper pays a checkout of the sequence through the page's startPayment server action, then the
 * issuer page (right code or Cancel) and the checkout's 3-D Secure return, or stops half-way (the
 * attempt stays ENROLLED; with `no-return` a key was issued but never posted back). A paid or closed
 * checkout refuses, and so does an installment count it or the card does not offer.
 */
class CheckoutAttempt extends Step {
  constructor(
    readonly target: number,
    readonly card: CardName,
    readonly installments: number,
    /** Pick the count as the page offers it: among the checkout's 1…maxInstallmentCount for an installment card, else 1 (otherwise any 1–12). */
    readonly withinCheckout: boolean,
    readonly outcome: 'authenticate' | 'cancel' | 'abandon' | 'no-return',
  ) {
    super();
  }
  check(model: Readonly<Model>) {
    return model.checkouts.length > 0;
  }
  toString() {
    const count = this.withinCheckout ? `installment pick ${this.installments} of the checkout's` : `${this.installments} installment(s)`;
    return `CheckoutAttempt(checkout#${this.target}, ${this.card}, ${count}, ${this.outcome})`;
  }

  protected async execute(model: Model, real: Real) {
    const ci = newest(model.checkouts.length, this.target);
    const c = model.checkouts[ci];
    const rc = real.checkouts[ci];
    const card = cards[this.card];
    // As the page offers: the card's options within the checkout's maximum (a single payment for other cards).
    const installmentCount = !this.withinCheckout ? this.installments : card.installments ? ((this.installments - 1) % c.maxInstallmentCount) + 1 : 1;
    const { expiryMonth, expiryYear } = futureExpiry();
    const form: CheckoutCardForm = {
      cardHolderName: CARD_HOLDER,
      pan: card.pan,
      expiry: `${expiryMonth}/${expiryYear}`,
      cvv: card.cvv,
      installmentCount,
    };
    const { baseUrl } = real.context.backend;
    const answer = await startCheckoutPayment(baseUrl, rc.checkoutId, form, { clientIp: shopperIp(), actionId: real.context.startPaymentAction });
    const context =
      `startPayment on checkout ${ci} (${c.status}, ${c.failedAttempts} failed, max ${c.maxInstallmentCount} installments) with ${this.card} × ${installmentCount}\n` +
      `→ HTTP ${answer.status} ${clip(answer.text, 800)}`;
    expect(answer.status, context).toBe(200);
    const result = answer.result;

    let refusal: string | null = null;
    if (c.status !== 'OPEN') refusal = `CHECKOUT_${c.status}`;
    else if (installmentCount > c.maxInstallmentCount || !installmentsOffered(card, c.amountMinor, installmentCount, c.interestPaidByCustomer)) {
      refusal = 'INSTALLMENT_NOT_AVAILABLE';
    } else if (orderHeld(model, c.orderId, ci)) refusal = 'DUPLICATE_ORDER';
    if (refusal) {
      expect(result && { ok: result.ok, code: 'code' in result ? result.code : undefined }, context).toEqual({ ok: false, code: refusal });
      await expectCheckoutStatus(model, real, ci, `checkout ${ci} after a refused attempt\n${context}`);
      return `refused ${refusal}`;
    }

    // The new attempt supersedes an unfinished one (its issuer page closes; it does not count).
    for (const index of indicesWhere(model, (p) => p.checkout === ci && p.status === 'ENROLLED')) failEnrolled(model, index, SUPERSEDED);
    const enrolled = card !== cards.notEnrolled;
    const returnUrl = `${baseUrl}/checkout-link/${rc.checkoutId}/3ds-return`;
    const p: PaymentModel = {
      route: 'THREE_DS',
      orderId: c.orderId,
      card: this.card,
      currency: c.currency,
      amountMinor: c.amountMinor,
      installmentCount,
      interestPaidByCustomer: c.interestPaidByCustomer,
      status: enrolled ? 'ENROLLED' : 'FAILED',
      resultCode: enrolled ? null : 'NOT_ENROLLED',
      capturedMinor: null,
      checkout: ci,
      threeDs: enrolled ? { challenge: 'CHALLENGE', wrongCodes: 0, wrongKeys: 0, keyIssued: false } : null,
      refunds: [],
    };
    const rp: RealPayment = { paymentId: '', successUrl: returnUrl, failureUrl: returnUrl };
    if (enrolled) {
      expect(result && result.ok && result.next.kind, context).toBe('challenge');
      const next = (result as Extract<StartPaymentResult, { ok: true }>).next as { kind: 'challenge'; url: string; fields: Record<string, string> };
      expect(next.url, context).toBe(`${baseUrl}/sandbox/acs`);
      rp.acsUrl = next.url;
      rp.reference = next.fields.reference;
    } else {
      expect(result && result.ok && result.next.kind, context).toBe('result');
    }
    const index = newPayment(model, real, p, rp);
    c.latest = index;
    if (!enrolled) settleCheckout(model, index);
    // The action hands the browser no payment id for a challenge: the merchant finds it in GET /api/checkout.
    const status = await call(real, 'GET', `/api/checkout/${rc.checkoutId}`);
    expect(status.response.status, status.context).toBe(200);
    rp.paymentId = status.response.body.paymentId;
    if (!enrolled) expect(rp.paymentId, context).toBe((result as { next: { paymentId: string } }).next.paymentId);
    expect(real.payments.slice(0, -1).map((other) => other.paymentId), `the attempt is a new payment\n${context}`).not.toContain(rp.paymentId);
    expectPayment(status.response.body, p, rp, `checkout ${ci} after the attempt started\n${context}\n${status.context}`);
    if (!enrolled) return 'FAILED NOT_ENROLLED';
    if (this.outcome === 'abandon') return 'abandoned';

    await answerIssuer(model, real, index, this.outcome === 'authenticate' || this.outcome === 'no-return' ? 'code' : 'cancel');
    if (this.outcome === 'no-return') return 'authenticated, no return';
    await postReturn(model, real, index, context);
    await expectCheckoutStatus(model, real, ci, `checkout ${ci} after the 3-D Secure return\n${context}`);
    return `${p.status} ${p.resultCode}, checkout ${c.status}`;
  }
}

/** The checkout's 3-D Secure return (what the issuer's page posts): completes an ENROLLED attempt, changes nothing after. */
async function postReturn(model: Model, real: Real, index: number, why: string) {
  const rp = real.payments[index];
  const page = await postForm(rp.successUrl!, { paymentId: rp.paymentId, securityKey: rp.securityKey! });
  expect(page.status, `${why}\nPOST ${page.url} → ${page.status} ${clip(page.text, 400)}`).toBe(200);
  presentKey(model, index, true);
}

/** A checkout attempt's 3-D Secure return posted (again, or late after a `no-return`). */
class CheckoutReturn extends Step {
  constructor(readonly target: number) {
    super();
  }
  private candidates = (model: Readonly<Model>) => indicesWhere(model, (p) => p.checkout !== null && p.threeDs?.keyIssued === true);
  check(model: Readonly<Model>) {
    return this.candidates(model).length > 0;
  }
  toString() {
    return `CheckoutReturn(attempt#${this.target})`;
  }

  protected async execute(model: Model, real: Real) {
    const list = this.candidates(model);
    const index = pick(list, this.target);
    const p = model.payments[index];
    const why = `3-D Secure return of checkout attempt ${index} (${p.status})`;
    const before = p.status;
    await postReturn(model, real, index, why);
    await expectPaymentState(model, real, index, why);
    await expectCheckoutStatus(model, real, p.checkout!, why);
    return before === 'ENROLLED' ? `completed ${p.status}` : 'replayed';
  }
}

// ---- arbitraries ----

const money: fc.Arbitrary<Money> = fc.record({ currency: fc.constantFrom(...ENABLED_CURRENCIES), minor: amountMinor });
const allCards = Object.keys(cards) as CardName[];
const installmentCards = allCards.filter((name) => cards[name].installments);
/** Any test card, installment cards twice as often (they open the §6 paths). */
const anyCard = fc.oneof(fc.constantFrom(...allCards), fc.constantFrom(...installmentCards));
/** A shopper's card: declined ones more often than among all cards, so checkouts also reach their attempt limit. */
const shopperCard = fc.oneof(
  fc.constantFrom(...allCards),
  fc.constantFrom(...installmentCards),
  fc.constantFrom(...allCards.filter((name) => cards[name].outcome !== 'APPROVED')),
);
const order: fc.Arbitrary<OrderChoice> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ fresh: true as const }) },
  { weight: 1, arbitrary: fc.nat().map((reuse) => ({ reuse })) },
);
/** Which payment or checkout a command works on, counted from the newest: mostly the newest two. */
const target = fc.oneof({ weight: 3, arbitrary: fc.nat({ max: 1 }) }, { weight: 1, arbitrary: fc.nat() });
const installmentCount = fc.oneof({ weight: 2, arbitrary: fc.constant(1) }, { weight: 3, arbitrary: fc.integer({ min: 2, max: 12 }) });
const captureAmount: fc.Arbitrary<CaptureAmount> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'equal' as const }) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 999 }).map((perMille) => ({ kind: 'below' as const, perMille })) },
  { weight: 3, arbitrary: fc.oneof(fc.constant(0), fc.nat({ max: 1_000_000 })).map((extra) => ({ kind: 'above' as const, extra })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'one-cent' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'zero' as const }) },
  { weight: 1, arbitrary: fc.nat({ max: 10_000 }).map((extra) => ({ kind: 'negative' as const, extra })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'sub-cent' as const }) },
);

/** `value` four times out of five. */
const refundAmount: fc.Arbitrary<RefundAmount> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'rest' as const }) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 999 }).map((perMille) => ({ kind: 'part' as const, perMille })) },
  fc.integer({ min: 0, max: 5000 }).map((extra) => ({ kind: 'above' as const, extra })),
  fc.constant({ kind: 'zero' as const }),
  fc.constant({ kind: 'sub-cent' as const }),
);
const mostly = (value: boolean) => fc.oneof({ weight: 4, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: fc.constant(!value) });

const weighted = (weight: number, arbitrary: fc.Arbitrary<LifecycleCommand>) => Array.from({ length: weight }, () => arbitrary);

/** The command sequences: up to `maxCommands` commands each (any length up to it, not only small ones). */
export function lifecycleCommands(maxCommands: number, replayPath?: string) {
  const direct = (route: 'SALE' | 'PRE_AUTHORIZATION') =>
    fc.tuple(anyCard, money, order).map(([card, amount, orderChoice]) => new DirectPayment(route, card, amount, orderChoice) as LifecycleCommand);
  return fc.commands(
    [
      ...weighted(2, direct('SALE')),
      ...weighted(3, direct('PRE_AUTHORIZATION')),
      ...weighted(
        4,
        fc
          .tuple(target, mostly(true), captureAmount, mostly(false))
          .map(([payment, preAuthorizationsOnly, amount, otherCurrency]) => new Capture(payment, preAuthorizationsOnly, amount, otherCurrency)),
      ),
      ...weighted(
        3,
        fc
          .tuple(anyCard, money, fc.oneof(fc.constant(0), installmentCount), fc.boolean(), order)
          .map(([card, amount, count, customerPays, orderChoice]) => new Enroll(card, amount, count, customerPays, orderChoice)),
      ),
      ...weighted(
        3,
        fc
          .tuple(target, fc.oneof({ weight: 3, arbitrary: fc.constant('code' as const) }, fc.constant('wrong-code' as const), fc.constant('cancel' as const)))
          .map(([payment, answer]) => new AnswerChallenge(payment, answer)),
      ),
      ...weighted(
        3,
        fc
          .tuple(
            target,
            mostly(true),
            fc.oneof({ weight: 4, arbitrary: fc.constant<KeyChoice>('issued') }, fc.constant<KeyChoice>('made-up'), fc.constant<KeyChoice>('foreign')),
            fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, fc.constant(MAX_WRONG_KEYS)),
          )
          .map(([payment, threeDsOnly, key, times]) => new Complete(payment, threeDsOnly, key, times)),
      ),
      ...weighted(1, target.map((finished) => new ReplayComplete(finished))),
      ...weighted(
        2,
        fc
          .tuple(money, fc.integer({ min: 1, max: 12 }), fc.boolean(), order, fc.option(target, { freq: 4, nil: null }))
          .map(([amount, max, customerPays, orderChoice, repeat]) => new CreateCheckout(amount, max, customerPays, orderChoice, repeat)),
      ),
      ...weighted(
        4,
        fc
          .tuple(
            target,
            shopperCard,
            fc.integer({ min: 1, max: 12 }),
            mostly(true),
            fc.oneof(
              { weight: 2, arbitrary: fc.constant('authenticate' as const) },
              { weight: 2, arbitrary: fc.constant('cancel' as const) },
              fc.constant('abandon' as const),
              fc.constant('no-return' as const),
            ),
          )
          .map(([checkout, card, count, withinCheckout, outcome]) => new CheckoutAttempt(checkout, card, count, withinCheckout, outcome)),
      ),
      ...weighted(1, target.map((attempt) => new CheckoutReturn(attempt))),
      ...weighted(2, target.map((payment) => new Cancel(payment))),
      ...weighted(
        3,
        fc
          .tuple(target, refundAmount, mostly(false), mostly(false))
          .map(([payment, amount, otherCurrency, reuseReference]) => new Refund(payment, amount, otherCurrency, reuseReference)),
      ),
    ],
    { maxCommands, size: 'max', ...(replayPath ? { replayPath } : {}) },
  );
}

// ---- after a sequence: everything read back, and the invariants in the database ----

/**
 * Reads every payment and checkout of the sequence back over the API and holds them to the model;
 * on PostgreSQL also checks the database (the PGlite store is locked by its server).
 */
export async function verifyRun(model: Model, real: Real): Promise<void> {
  for (let index = 0; index < model.payments.length; index++) await expectPaymentState(model, real, index, `payment ${index} at the end of the sequence`);
  for (let index = 0; index < model.checkouts.length; index++) await expectCheckoutStatus(model, real, index, `checkout ${index} at the end of the sequence`);
  if (real.context.backend.databaseUrl) await verifyDatabase(model, real);
}

interface PaymentRow extends Record<string, unknown> {
  id: string;
  order_id: string;
  transaction_type: 'SALE' | 'PRE_AUTHORIZATION';
  status: string;
  amount: string;
  installment_count: number;
  interest_amount: string;
  merchant_commission: string;
  authorized_amount: string | null;
  captured_amount: string | null;
  refunded_amount: string;
  refunds_succeeded: string;
  refunds_without_reference: string;
  auth_code: string | null;
  external_transaction_id: string | null;
  result_code: string | null;
  checkout_id: string | null;
  dom_int: 'DOM' | 'INT';
  card_type: 'CREDIT' | 'DEBIT' | 'PREPAID';
  interest_paid_by_customer: boolean | null;
}

interface CheckoutRow extends Record<string, unknown> {
  id: string;
  order_id: string;
  status: string;
  amount: string;
  failed_attempts: number;
  latest_payment_id: string | null;
  successes: string;
  counted_failures: string;
}

const minor = (value: string | null) => (value === null ? null : Number(value));

/**
 * The invariants in the database, for every row of the sequence's orders: first on their own
 * (captured ≤ authorized; an authCode exactly on SUCCESS; §6 interest, totals and commission; at most
 * one live payment per order and one SUCCESS per checkout; a checkout's failed attempts, PAID and
 * CLOSED consistent with its payments), then row by row against the model (no payment or checkout a
 * refused request left behind, none missing).
 */
async function verifyDatabase(model: Model, real: Real) {
  const { backend, merchant } = real.context;
  const orderIds = [...new Set(model.orderIds)];
  const payments = await sql<PaymentRow>(
    backend,
    `SELECT p.id::text, p.order_id, p.transaction_type, p.status, p.amount, p.installment_count, p.interest_amount, p.merchant_commission,
            p.authorized_amount, p.captured_amount, p.auth_code, p.external_transaction_id, p.result_code, p.checkout_id::text,
            p.dom_int, p.card_type, s.interest_paid_by_customer, p.refunded_amount,
            (SELECT coalesce(sum(r.amount), 0) FROM refunds r WHERE r.payment_id = p.id AND r.status = 'SUCCESS') AS refunds_succeeded,
            (SELECT count(*) FROM refunds r WHERE r.payment_id = p.id AND r.status = 'SUCCESS' AND r.external_transaction_id IS NULL) AS refunds_without_reference
       FROM payments p LEFT JOIN three_ds_sessions s ON s.payment_id = p.id
      WHERE p.merchant_id = $1 AND p.order_id = ANY($2::text[])`,
    [merchant.merchantId, orderIds],
  );
  const checkouts = await sql<CheckoutRow>(
    backend,
    `SELECT c.id::text, c.order_id, c.status, c.amount, c.failed_attempts, c.latest_payment_id::text,
            (SELECT count(*) FROM payments p WHERE p.checkout_id = c.id AND p.status IN ('SUCCESS', 'CANCELLED')) AS successes,
            (SELECT count(*) FROM payments p WHERE p.checkout_id = c.id AND p.status = 'FAILED' AND p.result_code IS DISTINCT FROM $3) AS counted_failures
       FROM checkouts c WHERE c.merchant_id = $1 AND c.order_id = ANY($2::text[])`,
    [merchant.merchantId, orderIds, SUPERSEDED],
  );

  for (const row of payments) {
    const context = `payments row ${JSON.stringify(row)}`;
    const amount = Number(row.amount);
    const interest = Number(row.interest_amount);
    const authorized = minor(row.authorized_amount);
    const captured = minor(row.captured_amount);
    const customerPays = row.interest_paid_by_customer ?? false;
    expect(['SUCCESS', 'FAILED', 'ENROLLED', 'CANCELLED'], `no payment is left PROCESSING\n${context}`).toContain(row.status);
    // §10: refunds add up to the payment's total, never above what was charged; each has the bank's reference.
    expect(Number(row.refunded_amount), `refunded_amount is the sum of the successful refunds\n${context}`).toBe(Number(row.refunds_succeeded));
    expect(Number(row.refunded_amount), `refunded ≤ charged\n${context}`).toBeLessThanOrEqual(minor(row.captured_amount) ?? 0);
    expect(Number(row.refunds_without_reference), `every successful refund carries the bank's reference\n${context}`).toBe(0);
    if (row.status === 'CANCELLED') {
      expect({ refunded: Number(row.refunded_amount), commission: Number(row.merchant_commission) }, `a cancelled payment moved no money\n${context}`).toEqual({
        refunded: 0,
        commission: 0,
      });
      expect(row.auth_code, `a cancelled payment was authorized first\n${context}`).toMatch(/^\S{6}$/);
      continue;
    }
    // §6: interest on the order amount when the customer pays it; total = amount + interest.
    const expectedInterest = customerPays && row.installment_count > 1 ? divideHalfUp(amount * installmentRateBp[row.installment_count], 10_000) : 0;
    expect(interest, `interest_amount = round(amount × rate) when the customer pays it, else 0\n${context}`).toBe(expectedInterest);
    if (row.status === 'SUCCESS') {
      expect(row.auth_code, `an approved payment has one authCode\n${context}`).toMatch(/^\S{6}$/);
      expect(authorized, `authorized_amount = amount + interest_amount\n${context}`).toBe(amount + interest);
      if (row.transaction_type === 'SALE') expect(captured, `a sale is captured in full\n${context}`).toBe(authorized);
      if (captured !== null) {
        expect(captured, `captured ≤ authorized\n${context}`).toBeLessThanOrEqual(authorized!);
        expect(captured, `a capture is positive\n${context}`).toBeGreaterThan(0);
      }
      const base = row.dom_int === 'INT' ? 299 : row.card_type === 'DEBIT' ? 149 : 179;
      const borne = !customerPays && row.installment_count > 1 ? installmentRateBp[row.installment_count] : 0;
      const charged = row.transaction_type === 'PRE_AUTHORIZATION' && captured !== null ? captured : amount;
      expect(Number(row.merchant_commission), `merchantCommission = round(amount × (base + borne rate))\n${context}`).toBe(divideHalfUp(charged * (base + borne), 10_000));
    } else {
      expect({ auth_code: row.auth_code, authorized, captured }, `a payment not approved has no authorization\n${context}`).toEqual({
        auth_code: null,
        authorized: null,
        captured: null,
      });
      expect(Number(row.merchant_commission), `no commission without a payment\n${context}`).toBe(0);
    }
  }
  const live = new Map<string, string[]>();
  for (const row of payments) {
    if (row.status === 'SUCCESS' || row.status === 'ENROLLED') live.set(row.order_id, [...(live.get(row.order_id) ?? []), row.id]);
  }
  for (const [orderId, ids] of live) expect(ids, `at most one SUCCESS/ENROLLED payment of order ${orderId}`).toHaveLength(1);
  for (const row of checkouts) {
    const context = `checkouts row ${JSON.stringify(row)}`;
    expect(Number(row.successes), `at most one SUCCESS payment per checkout\n${context}`).toBeLessThanOrEqual(1);
    expect(row.status === 'PAID', `PAID exactly when one attempt succeeded\n${context}`).toBe(Number(row.successes) === 1);
    expect(row.failed_attempts, `failed_attempts counts the failed attempts (superseded ones aside)\n${context}`).toBe(Number(row.counted_failures));
    if (row.status === 'CLOSED') expect(row.failed_attempts, `closed after ${MAX_FAILED_ATTEMPTS} failed attempts\n${context}`).toBeGreaterThanOrEqual(MAX_FAILED_ATTEMPTS);
    if (row.status === 'OPEN') expect(row.failed_attempts, `open below ${MAX_FAILED_ATTEMPTS} failed attempts\n${context}`).toBeLessThan(MAX_FAILED_ATTEMPTS);
  }

  // Row by row against the model.
  const byId = new Map(payments.map((row) => [row.id, row]));
  expect(payments.map((row) => row.id).sort(), 'the payments of the sequence’s orders are exactly those the model expects').toEqual(
    real.payments.map((rp) => rp.paymentId).sort(),
  );
  model.payments.forEach((p, index) => {
    const row = byId.get(real.payments[index].paymentId)!;
    const amounts = expectedAmounts(p);
    const checkoutId = p.checkout === null ? null : real.checkouts[p.checkout].checkoutId;
    expect(
      {
        status: row.status,
        amount: Number(row.amount),
        captured: minor(row.captured_amount),
        refunded: Number(row.refunded_amount),
        auth_code: row.auth_code,
        checkout_id: row.checkout_id,
      },
      `payments row of payment ${index} against the model`,
    ).toEqual({
      status: p.status,
      amount: p.amountMinor,
      captured: amounts.capturedAmount,
      refunded: amounts.refundedAmount,
      auth_code: real.payments[index].authCode ?? null,
      checkout_id: checkoutId,
    });
  });
  const checkoutsById = new Map(checkouts.map((row) => [row.id, row]));
  expect(checkouts.map((row) => row.id).sort(), 'the checkouts of the sequence’s orders are exactly those the model expects').toEqual(
    real.checkouts.map((rc) => rc.checkoutId).sort(),
  );
  model.checkouts.forEach((c, index) => {
    const row = checkoutsById.get(real.checkouts[index].checkoutId)!;
    expect(
      { status: row.status, failed_attempts: row.failed_attempts, successes: Number(row.successes), latest: row.latest_payment_id },
      `checkouts row of checkout ${index} against the model`,
    ).toEqual({
      status: c.status,
      failed_attempts: c.failedAttempts,
      successes: c.successes,
      latest: c.latest === null ? null : real.payments[c.latest].paymentId,
    });
  });
}
