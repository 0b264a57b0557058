/**
 * 3-D Secure (§5 POST /api/3ds, POST /api/3ds/{paymentId}/complete, §8 sandbox issuer): the request,
 * the shopper's side of the sandbox issuer page driven over plain HTTP (what a browser would POST),
 * and assertions on what comes back.
 */
import { expect } from 'vitest';
import { api, asApiResponse, sdk, type ApiResponse } from './api';
import { expectNoCardData, expectPaymentShape, UUID } from './assertions';
import { cards, maskPan, type TestCard } from './cards';
import type { Backend, MerchantCredentials } from './context';
import { elements, onlyForm, parseCsp, voidTags, type Form } from './html';
import {
  expectedCommission,
  installmentRateBp,
  paymentRequest,
  percentOf,
  toMajor,
  toMinor,
  type PaymentRequest,
} from './requests';

/** The sandbox issuer's code that authenticates (§8). */
export const VERIFICATION_CODE = '123456';
/** Codes that do not; none is a CVV or an amount used elsewhere. */
export const WRONG_CODES = ['000000', '654321', '111111'] as const;

/** Two different origins, so the issuer page's form-action can be told apart per outcome. */
export const RETURN_URLS = {
  successUrl: 'https://shop.example/3ds/success?order=1&step=3ds',
  failureUrl: 'http://returns.shop.example:8080/3ds/failure',
} as const;

export interface ThreeDsRequest extends PaymentRequest {
  installmentCount?: number;
  interestPaidByCustomer?: boolean;
  successUrl: string;
  failureUrl: string;
}

type Overrides = Partial<Record<keyof ThreeDsRequest, unknown>>;

/** A valid §5 POST /api/3ds request (installmentCount and interestPaidByCustomer left to their defaults). */
export function threeDsRequest(overrides: Overrides = {}, card: TestCard = cards.world): ThreeDsRequest {
  return { ...paymentRequest({}, card), ...RETURN_URLS, ...overrides } as ThreeDsRequest;
}

// ---- the sandbox issuer, as a browser would drive it ----

export interface PageResponse {
  status: number;
  text: string;
  headers: Headers;
  url: string;
}

/** POSTs an HTML form (application/x-www-form-urlencoded), following no redirect. */
export async function postForm(url: string, fields: Record<string, string>): Promise<PageResponse> {
  const response = await fetch(url, {
    method: 'POST',
    body: new URLSearchParams(fields),
    redirect: 'manual',
    signal: AbortSignal.timeout(25_000),
  });
  return { status: response.status, text: await response.text(), headers: response.headers, url };
}

export interface Enrollment {
  request: ThreeDsRequest;
  response: ApiResponse;
  paymentId: string;
  /** The issuer page URL htmlContent posts to. */
  acsUrl: string;
  /** The opaque reference htmlContent carries to the issuer page. */
  reference: string;
}

/** POST /api/3ds for an enrolled card; checks the §5 enrollment answer and its htmlContent. */
export async function enroll(
  backend: Backend,
  overrides: Overrides = {},
  card: TestCard = cards.world,
  merchant: MerchantCredentials = backend.merchants.a,
): Promise<Enrollment> {
  const request = threeDsRequest(overrides, card);
  const response = asApiResponse(await sdk(backend, merchant).POST('/api/3ds', { body: request }));
  const { form } = expectEnrolled(response, backend, request);
  return { request, response, paymentId: response.body.paymentId, acsUrl: form.action, reference: form.hidden.reference };
}

/** 200 `{paymentId, success: true, resultCode: SUCCESS, resultMessage, htmlContent}` with a well-formed auto-post form. */
export function expectEnrolled(response: ApiResponse, backend: Backend, request: ThreeDsRequest) {
  expect(response.status, response.text).toBe(200);
  const body = response.body;
  expect(body).toMatchObject({ success: true, resultCode: 'SUCCESS' });
  expect(body.paymentId).toMatch(UUID);
  expect(body.resultMessage).toBeTypeOf('string');
  expect(body.htmlContent).toBeTypeOf('string');
  expectNoCardData(response, request);
  const htmlContent: string = body.htmlContent;
  expect(htmlContent.trimStart().toLowerCase()).toMatch(/^<!doctype html>/);
  const form = onlyForm(htmlContent);
  expect(form.method).toBe('post');
  expect(form.action).toBe(`${backend.baseUrl}/sandbox/acs`);
  // Only an opaque reference travels through the shopper's browser: no card data, no payment id.
  expect(form.inputs.map((input) => [input.attributes.type, input.attributes.name])).toEqual([['hidden', 'reference']]);
  const reference = form.hidden.reference;
  expect(reference.length, 'reference is long enough to be unguessable').toBeGreaterThanOrEqual(22);
  expect(reference).not.toContain(body.paymentId);
  expectNoCardDigits(htmlContent, request, [reference, form.attributes.id ?? '']);
  return { body, form, htmlContent };
}

/**
 * No card number (full or masked), expiry or CVV in a page. Random tokens (`exclude`) are cut out
 * first: a base64url reference may contain any three digits by chance.
 */
export function expectNoCardDigits(html: string, request: Pick<PaymentRequest, 'pan' | 'cvv'>, exclude: string[] = []) {
  let text = html;
  for (const token of exclude) if (token) text = text.split(token).join('');
  expect(text, 'the page carries the card number').not.toContain(request.pan);
  expect(text, 'the page carries the masked card number').not.toContain(maskPan(request.pan));
  expect(text, 'the page carries the last four digits').not.toMatch(new RegExp(`(?<!\\d)${request.pan.slice(-4)}(?!\\d)`));
  expect(text, 'the page carries the CVV').not.toMatch(new RegExp(`(?<!\\d)${request.cvv}(?!\\d)`));
}

/** The nonce of `script-src 'nonce-…'`, checked together with the other hardening headers of issuer pages. */
export function expectIssuerPageHeaders(page: PageResponse, formTargets: string[] = []): string {
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  const policy = parseCsp(page.headers.get('content-security-policy'));
  const scriptSources = policy.get('script-src') ?? [];
  expect(scriptSources, 'script-src only with a nonce').toHaveLength(1);
  const nonce = /^'nonce-([A-Za-z0-9+/=_-]{16,})'$/.exec(scriptSources[0] ?? '')?.[1];
  expect(nonce, `script-src ${scriptSources.join(' ')}`).toBeDefined();
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(policy.get('base-uri')).toEqual(["'none'"]);
  // Framed by Kasa itself and by the merchant that started the payment (its success/failure URLs'
  // origins), never by anyone else.
  const frameAncestors = policy.get('frame-ancestors') ?? [];
  expect(frameAncestors[0]).toBe("'self'");
  for (const source of frameAncestors.slice(1)) expect(source).toMatch(/^https?:\/\/[^/*\s]+$/);
  const formAction = policy.get('form-action') ?? [];
  for (const target of formTargets) expect(formAction, 'form-action allows the merchant').toContain(new URL(target).origin);
  // Every inline script of the page carries this response's nonce (else the browser would not run it).
  for (const script of elements(page.text, 'script')) expect(script.attributes.nonce, 'inline script nonce').toBe(nonce);
  return nonce!;
}

/** Opens the issuer page the way htmlContent does. */
export const openIssuerPage = (enrollment: Pick<Enrollment, 'acsUrl' | 'reference'>) =>
  postForm(enrollment.acsUrl, { reference: enrollment.reference });

/** The issuer's challenge page: a `Verification code` input and Submit/Cancel in a form carrying the reference. */
export function expectChallengePage(page: PageResponse, reference: string) {
  expect(page.status, page.text.slice(0, 500)).toBe(200);
  expectIssuerPageHeaders(page);
  const form = onlyForm(page.text);
  expect(form.method).toBe('post');
  expect(form.hidden.reference).toBe(reference);
  const code = form.inputs.find((input) => input.attributes.name === 'code');
  expect(code, 'a code input').toBeDefined();
  const label = elements(form.content, 'label').find((candidate) => candidate.attributes.for === code!.attributes.id);
  expect(label?.content.trim(), 'the code input is labelled').toBe('Verification code');
  const buttons = form.buttons.map((button) => ({ name: button.content.trim(), action: button.attributes.value, type: button.attributes.type ?? 'submit' }));
  expect(buttons).toEqual([
    { name: 'Submit', action: 'submit', type: 'submit' },
    { name: 'Cancel', action: 'cancel', type: 'submit' },
  ]);
  return { form, challengeUrl: new URL(form.action, page.url).toString() };
}

/** The shopper's answer on the issuer page: `code` with Submit, or Cancel. */
export function answerChallenge(
  challengeUrl: string,
  reference: string,
  answer: { code: string; action?: 'submit' } | { action: 'cancel'; code?: string },
) {
  return postForm(challengeUrl, { reference, code: answer.code ?? '', action: answer.action ?? 'submit' });
}

/**
 * The page after the challenge: an auto-posting form (script with the page's nonce, plus a no-script
 * button) to `postTo` with exactly the hidden fields `paymentId` and `securityKey`.
 */
export function expectReturnPage(page: PageResponse, postTo: string, paymentId: string): { securityKey: string; form: Form } {
  expect(page.status, page.text.slice(0, 500)).toBe(200);
  const nonce = expectIssuerPageHeaders(page, [postTo]);
  const form = onlyForm(page.text);
  expect(form.method).toBe('post');
  expect(form.action).toBe(postTo);
  expect(form.inputs.every((input) => input.attributes.type === 'hidden'), 'only hidden inputs').toBe(true);
  expect(Object.keys(form.hidden).sort()).toEqual(['paymentId', 'securityKey']);
  expect(form.hidden.paymentId).toBe(paymentId);
  expectSecurityKeyStrength(form.hidden.securityKey);
  const scripts = elements(page.text, 'script');
  expect(scripts, 'one inline script').toHaveLength(1);
  expect(scripts[0].attributes.nonce).toBe(nonce);
  expect(scripts[0].content, 'the script submits the form').toMatch(/\.submit\(\)/);
  if (form.attributes.id) expect(scripts[0].content).toContain(form.attributes.id);
  const noscript = elements(page.text, 'noscript');
  expect(noscript.flatMap((block) => elements(block.content, 'button')).length, 'a visible button without script').toBe(1);
  return { securityKey: form.hidden.securityKey, form };
}

/** ≥128 bits: 22+ base64url characters or 32+ hex digits. */
export function expectSecurityKeyStrength(key: string) {
  const bits = /^[0-9a-f]+$/i.test(key) ? key.length * 4 : /^[A-Za-z0-9_-]+$/.test(key) ? key.length * 6 : 0;
  expect(bits, `securityKey ${key.length} characters`).toBeGreaterThanOrEqual(128);
}

/** htmlContent's shape: a form with an auto-submit script and a <noscript> submit button. */
export function expectAutoSubmit(htmlContent: string) {
  const form = onlyForm(htmlContent);
  const scripts = elements(htmlContent, 'script');
  expect(scripts, 'one script').toHaveLength(1);
  expect(scripts[0].content).toMatch(/\.submit\(\)/);
  if (form.attributes.id) expect(scripts[0].content).toContain(form.attributes.id);
  const noscript = elements(htmlContent, 'noscript');
  const buttons = noscript.flatMap((block) => elements(block.content, 'button'));
  expect(buttons, 'a <noscript> submit button').toHaveLength(1);
  expect(buttons[0].attributes.type ?? 'submit').toBe('submit');
  expect(buttons[0].content.trim().length, 'the button has a visible name').toBeGreaterThan(0);
  expect(voidTags(htmlContent, 'meta').some((meta) => meta.attributes.charset?.toLowerCase() === 'utf-8')).toBe(true);
}

export interface Authenticated extends Enrollment {
  securityKey: string;
}

/** Enrolls and answers the issuer page with the right code: the key posted to successUrl. */
export async function authenticate(
  backend: Backend,
  overrides: Overrides = {},
  card: TestCard = cards.world,
  merchant: MerchantCredentials = backend.merchants.a,
): Promise<Authenticated> {
  const enrollment = await enroll(backend, overrides, card, merchant);
  const { challengeUrl } = expectChallengePage(await openIssuerPage(enrollment), enrollment.reference);
  const page = await answerChallenge(challengeUrl, enrollment.reference, { code: VERIFICATION_CODE });
  const { securityKey } = expectReturnPage(page, enrollment.request.successUrl, enrollment.paymentId);
  return { ...enrollment, securityKey };
}

/** Enrolls and fails the issuer page (Cancel, or three wrong codes): the key posted to failureUrl. */
export async function failAuthentication(
  backend: Backend,
  how: 'cancel' | 'wrong-codes' = 'cancel',
  overrides: Overrides = {},
  card: TestCard = cards.world,
): Promise<Authenticated> {
  const enrollment = await enroll(backend, overrides, card);
  const { challengeUrl } = expectChallengePage(await openIssuerPage(enrollment), enrollment.reference);
  let page: PageResponse;
  if (how === 'cancel') {
    page = await answerChallenge(challengeUrl, enrollment.reference, { action: 'cancel' });
  } else {
    for (const code of WRONG_CODES.slice(0, -1)) expect((await answerChallenge(challengeUrl, enrollment.reference, { code })).status).toBe(200);
    page = await answerChallenge(challengeUrl, enrollment.reference, { code: WRONG_CODES.at(-1)! });
  }
  const { securityKey } = expectReturnPage(page, enrollment.request.failureUrl, enrollment.paymentId);
  return { ...enrollment, securityKey };
}

/** POST /api/3ds/{paymentId}/complete. */
export const complete = (backend: Backend, paymentId: string, securityKey: unknown, merchant: MerchantCredentials = backend.merchants.a) =>
  api(backend, merchant).post(`/api/3ds/${paymentId}/complete`, { securityKey });

// ---- the payment a 3-D Secure request becomes ----

/** §6 amounts of a 3-D Secure payment (2-decimal currencies). */
export function expectedThreeDsMoney(request: ThreeDsRequest, card: TestCard) {
  const installmentCount = request.installmentCount ?? 1;
  const customerPays = request.interestPaidByCustomer ?? false;
  const rate = installmentCount > 1 ? installmentRateBp[installmentCount] : 0;
  const interestAmount = customerPays ? percentOf(request.amount, rate) : 0;
  return {
    amount: request.amount,
    installmentCount,
    interestAmount,
    totalAmount: toMajor(toMinor(request.amount) + toMinor(interestAmount)),
    merchantCommission: expectedCommission(request.amount, card, customerPays ? 0 : rate),
  };
}

function expectThreeDsCardFields(body: any, request: ThreeDsRequest, card: TestCard) {
  expect(body).toMatchObject({
    orderId: request.orderId,
    amount: request.amount,
    currency: request.currency,
    installmentCount: request.installmentCount ?? 1,
    cardHolderName: request.cardHolderName,
    pan: maskPan(card.pan),
    cardScheme: card.scheme,
    cardType: card.type,
    domInt: card.domInt,
    loyaltyCode: card.loyaltyCode,
    customerId: request.customerId ?? null,
    transactionType: 'SALE',
  });
}

/** A completed, approved 3-D Secure sale with its §6 money. */
export function expectThreeDsSuccess(response: ApiResponse, request: ThreeDsRequest, card: TestCard = cards.world) {
  expect(response.status, response.text).toBe(200);
  const body = response.body;
  expectPaymentShape(body);
  expectNoCardData(response, request);
  expectThreeDsCardFields(body, request, card);
  const money = expectedThreeDsMoney(request, card);
  expect(body).toMatchObject({ status: 'SUCCESS', resultCode: 'SUCCESS', ...money, authorizedAmount: money.totalAmount });
  expect([money.totalAmount, null], 'capturedAmount of a sale').toContain(body.capturedAmount);
  expect(body.authCode).toBeTypeOf('string');
  expect(body.authCode).toHaveLength(6);
  expect(body.externalTransactionId).toBeTypeOf('string');
  return body;
}

/** A 3-D Secure payment that ended FAILED with `resultCode`, never authorized. */
export function expectThreeDsFailure(response: ApiResponse, request: ThreeDsRequest, card: TestCard, resultCode: string) {
  expect(response.status, response.text).toBe(200);
  const body = response.body;
  expectPaymentShape(body);
  expectNoCardData(response, request);
  expectThreeDsCardFields(body, request, card);
  expect(body).toMatchObject({ status: 'FAILED', resultCode, authCode: null });
  expect(body.resultMessage.length).toBeGreaterThan(0);
  return body;
}
