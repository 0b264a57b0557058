import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

// Config is read at import: point it at a fresh embedded store before loading anything.
const dataDir = mkdtempSync(path.join(tmpdir(), 'kasa-dashboard-'));
vi.stubEnv('DATA_DIR', dataDir);
vi.stubEnv('DATABASE_URL', '');
vi.stubEnv('KASA_MODE', 'sandbox');
vi.stubEnv('KASA_LOG_LEVEL', 'silent');
vi.stubEnv('PUBLIC_BASE_URL', 'http://kasa.test');

const { eq, sql } = await import('drizzle-orm');
const { openStore } = await import('../db/client');
const schema = await import('../db/schema');
const { createMerchant } = await import('../merchants/credentials');
const { rotateApiSecret, rotateCallbackSecret } = await import('../merchants/rotation');
const { authorizePayment, cancelPayment, capturePreAuthorization, refundPayment } = await import('../payments');
const { cards } = await import('../../tests/support/cards');
const { createCheckout } = await import('../checkout/create');
const { checkoutFollowUp } = await import('../checkout/attempts');
const { enqueueCallback } = await import('../notifications/outbox');
const { resendDelivery } = await import('../notifications/resend');
const queries = await import('./queries');
const forms = await import('../schemas/dashboard-forms');
type Database = import('../db/client').Database;
type Merchant = import('../db/schema').Merchant;

let db: Database;
let shopA: Merchant;
let shopB: Merchant;
const registry = () => (globalThis as typeof globalThis & { __kasa: Map<string, unknown> }).__kasa;

const merchantRow = async (merchantId: string) => (await db.select().from(schema.merchants).where(eq(schema.merchants.id, merchantId)))[0];

const card = (pan: string, cvv = '123') => ({ cardHolderName: 'Jane Doe', pan, expiryMonth: '12', expiryYear: '39', cvv, requestIp: '192.0.2.1', requestPort: 443 });

async function pay(merchant: Merchant, orderId: string, options: { pan?: string; amount?: number; type?: 'SALE' | 'PRE_AUTHORIZATION' } = {}) {
  return authorizePayment({
    db,
    merchant,
    transactionType: options.type ?? 'SALE',
    request: { orderId, amount: options.amount ?? 100, currency: 'TRY', customerId: null, ...card(options.pan ?? '5421190122090656') },
  });
}

const listQuery = (query: Record<string, string> = {}) => forms.paymentListQuerySchema.parse(query);

beforeAll(async () => {
  db = (await openStore()).db;
  shopA = await merchantRow((await createMerchant({ db, name: 'Shop A' })).merchantId);
  shopB = await merchantRow((await createMerchant({ db, name: 'Shop B' })).merchantId);
});

afterAll(async () => {
  await (await openStore()).close();
  registry().delete('store');
  vi.unstubAllEnvs();
});

describe('payments list and detail', () => {
  test('a merchant lists only its own payments, newest first, filtered by status, order id prefix, last 4 and dates', async () => {
    const first = await pay(shopA, 'LIST-1');
    const declined = await pay(shopA, 'LIST-2', { pan: '4000000000000002' });
    const third = await pay(shopA, 'OTHER-3', { pan: '4111111111111111' });
    await pay(shopB, 'LIST-B');
    expect(declined.status).toBe('FAILED');

    const all = await queries.listPayments({ db, merchantId: shopA.id, query: listQuery() });
    expect(all.rows.map((row) => row.id)).toEqual([third.id, declined.id, first.id]);
    expect(all.rows.every((row) => row.merchantId === shopA.id)).toBe(true);
    expect([all.total, all.page, all.pageSize, all.pageCount]).toEqual([3, 1, 25, 1]);

    const ids = async (query: Record<string, string>) => (await queries.listPayments({ db, merchantId: shopA.id, query: listQuery(query) })).rows.map((row) => row.id);
    expect(await ids({ status: 'FAILED' })).toEqual([declined.id]);
    expect(await ids({ status: 'SUCCESS' })).toEqual([third.id, first.id]);
    expect(await ids({ orderId: 'LIST-' })).toEqual([declined.id, first.id]);
    expect(await ids({ orderId: 'LIST-B' })).toEqual([]); // shop B's order
    expect(await ids({ orderId: 'LIST%' })).toEqual([]); // wildcards are literal
    expect(await ids({ last4: '1111' })).toEqual([third.id]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await ids({ from: today, to: today })).toHaveLength(3);
    expect(await ids({ to: '2000-01-01' })).toEqual([]);
    expect(await ids({ from: '2999-01-01' })).toEqual([]);
    // Values that do not parse are ignored rather than failing the page.
    expect(await ids({ status: 'NOPE', last4: '12', from: 'yesterday', page: '-3' })).toHaveLength(3);
  });

  test('pages hold 25 payments; a page past the end is empty', async () => {
    const merchant = await merchantRow((await createMerchant({ db, name: 'Busy Shop' })).merchantId);
    for (let index = 0; index < 27; index++) await pay(merchant, `BUSY-${index}`);
    const one = await queries.listPayments({ db, merchantId: merchant.id, query: listQuery() });
    const two = await queries.listPayments({ db, merchantId: merchant.id, query: listQuery({ page: '2' }) });
    const nine = await queries.listPayments({ db, merchantId: merchant.id, query: listQuery({ page: '9' }) });
    expect([one.rows.length, two.rows.length, nine.rows.length, one.pageCount, one.total]).toEqual([25, 2, 0, 2, 27]);
    expect(new Set([...one.rows, ...two.rows].map((row) => row.id)).size).toBe(27);
  });

  test('detail: all ApiPaymentResponse fields, a timeline, and another merchant’s payment is NOT_FOUND', async () => {
    const payment = await pay(shopA, 'DETAIL-1', { type: 'PRE_AUTHORIZATION', amount: 250 });
    const detail = await queries.getPaymentDetail({ db, merchantId: shopA.id, paymentId: payment.id });
    // The contract's 19 fields and Kasa's 8 additions (reference §4).
    expect(Object.keys(detail.response)).toHaveLength(27);
    expect(detail.response).toMatchObject({ paymentId: payment.id, status: 'SUCCESS', transactionType: 'PRE_AUTHORIZATION', authorizedAmount: 250 });
    expect(detail.threeDs).toBeNull();
    expect(detail.canCapture).toBe(true);
    expect(detail.timeline.map((step) => [step.event, !!step.pending])).toEqual([
      ['created', false],
      ['authorized', false],
      ['captured', true],
    ]);

    await expect(queries.getPaymentDetail({ db, merchantId: shopB.id, paymentId: payment.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(queries.getPaymentDetail({ db, merchantId: shopA.id, paymentId: 'not-a-uuid' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(queries.getPaymentDetail({ db, merchantId: shopA.id, paymentId: randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('capture from the dashboard: another merchant’s pre-authorization is NOT_FOUND and stays uncaptured; the API’s rules apply', async () => {
    const payment = await pay(shopA, 'CAPTURE-1', { type: 'PRE_AUTHORIZATION', amount: 100 });
    await expect(capturePreAuthorization({ db, merchant: shopB, paymentId: payment.id, request: { amount: 50, currency: 'TRY' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await queries.getPaymentDetail({ db, merchantId: shopA.id, paymentId: payment.id })).payment.capturedAmount).toBeNull();

    await expect(capturePreAuthorization({ db, merchant: shopA, paymentId: payment.id, request: { amount: 100.01, currency: 'TRY' } })).rejects.toMatchObject({ code: 'AMOUNT_EXCEEDS_AUTHORIZED' });
    await expect(capturePreAuthorization({ db, merchant: shopA, paymentId: payment.id, request: { amount: 50, currency: 'USD' } })).rejects.toMatchObject({ code: 'CURRENCY_MISMATCH' });
    await capturePreAuthorization({ db, merchant: shopA, paymentId: payment.id, request: { amount: 60, currency: 'TRY' } });
    await expect(capturePreAuthorization({ db, merchant: shopA, paymentId: payment.id, request: { amount: 10, currency: 'TRY' } })).rejects.toMatchObject({ code: 'INVALID_STATE' });

    const detail = await queries.getPaymentDetail({ db, merchantId: shopA.id, paymentId: payment.id });
    expect(detail.canCapture).toBe(false);
    expect(detail.response).toMatchObject({ amount: 60, capturedAmount: 60, authorizedAmount: 100 });
    expect(detail.timeline.map((step) => step.event)).toEqual(['created', 'authorized', 'captured']);
    expect(detail.timeline.every((step) => step.at instanceof Date)).toBe(true);
  });

  test('the capture form parses with the API’s capture schema: decimals by currency, a comma decimal, missing fields', () => {
    expect(forms.captureFormSchema.parse({ paymentId: 'p', amount: '12,50', currency: 'TRY' })).toEqual({ paymentId: 'p', amount: 12.5, currency: 'TRY' });
    const tooPrecise = forms.captureFormSchema.safeParse({ paymentId: 'p', amount: '1.001', currency: 'TRY' });
    expect(tooPrecise.success).toBe(false);
    expect(tooPrecise.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['amount']);
    const missing = forms.captureFormSchema.safeParse({ paymentId: 'p', currency: 'TRY' });
    expect(missing.error!.issues[0].message).toBe('Amount must be a number in major units, e.g. 100.50');
    expect(forms.captureFormSchema.safeParse({ paymentId: 'p', amount: 'ten', currency: 'TRY' }).success).toBe(false);
  });
});

describe('refund and cancel from the dashboard', () => {
  const refund = (merchant: Merchant, paymentId: string, amount: number, reference: string) =>
    refundPayment({ db, merchant, paymentId, request: { amount, currency: 'TRY', reference } });

  test('a sale refunded in three parts: refundable goes down, each refund is in the timeline, no cancel after a refund', async () => {
    const sale = await pay(shopA, 'REFUND-3', { amount: 100 });
    const before = await queries.getPaymentDetail({ db, merchantId: shopA.id, paymentId: sale.id });
    expect([before.refundable, before.canCancel, before.refundsPending]).toEqual([10_000, true, 0]);

    await refund(shopA, sale.id, 30, 'dash-1');
    // The same form sent again (same reference) answers the same refund: nothing more is refunded.
    await refund(shopA, sale.id, 30, 'dash-1');
    await refund(shopA, sale.id, 45.5, 'dash-2');
    const partly = await queries.getPaymentDetail({ db, merchantId: shopA.id, paymentId: sale.id });
    expect([partly.refundable, partly.canCancel]).toEqual([2_450, false]);
    expect(partly.response).toMatchObject({ refundedAmount: 75.5, refundStatus: 'PARTIALLY_REFUNDED' });

    await refund(shopA, sale.id, 24.5, 'dash-3');
    const full = await queries.getPaymentDetail({ db, merchantId: shopA.id, paymentId: sale.id });
    expect(full.refundable).toBe(0);
    expect(full.timeline.flatMap((step) => (step.event === 'refund' ? [[step.amount, step.status]] : []))).toEqual([
      [3_000, 'SUCCESS'],
      [4_550, 'SUCCESS'],
      [2_450, 'SUCCESS'],
    ]);
    // Another merchant's refunds never show: its detail of this payment is NOT_FOUND.
    await expect(queries.getPaymentDetail({ db, merchantId: shopB.id, paymentId: sale.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const ids = async (query: Record<string, string>) => (await queries.listPayments({ db, merchantId: shopA.id, query: listQuery({ orderId: 'REFUND-', ...query }) })).rows.map((row) => row.id);
    expect(await ids({ refundStatus: 'FULLY_REFUNDED' })).toEqual([sale.id]);
    expect(await ids({ refundStatus: 'REFUNDED' })).toEqual([sale.id]);
    expect(await ids({ refundStatus: 'PARTIALLY_REFUNDED' })).toEqual([]);
  });

  test('a refund the bank declines is in the timeline with its message and refunds nothing; the payment can still be cancelled', async () => {
    const sale = await pay(shopA, 'REFUND-DECLINED', { pan: cards.irreversible.pan, amount: 80 });
    const declined = await refund(shopA, sale.id, 80, 'dash-declined');
    expect(declined.status).toBe('FAILED');
    const detail = await queries.getPaymentDetail({ db, merchantId: shopA.id, paymentId: sale.id });
    expect([detail.refundable, detail.canCancel]).toEqual([8_000, true]);
    const step = detail.timeline.at(-1)!;
    expect(step).toMatchObject({ event: 'refund', amount: 8_000, status: 'FAILED', resultMessage: declined.resultMessage });
    expect(step.event === 'refund' && step.resultMessage).toBeTruthy();
    const ids = async (query: Record<string, string>) => (await queries.listPayments({ db, merchantId: shopA.id, query: listQuery({ orderId: 'REFUND-DECLINED', ...query }) })).rows.map((row) => row.id);
    expect(await ids({ refundStatus: 'REFUNDED' })).toEqual([]);
    expect(await ids({ refundStatus: 'NOT_REFUNDED' })).toEqual([sale.id]);
  });

  test('a cancelled pre-authorization: status filter CANCELLED, cancelledAt in the timeline, nothing to capture, refund or cancel', async () => {
    const preauth = await pay(shopA, 'CANCEL-PRE', { type: 'PRE_AUTHORIZATION', amount: 250 });
    expect((await queries.getPaymentDetail({ db, merchantId: shopA.id, paymentId: preauth.id })).canCancel).toBe(true);
    await expect(cancelPayment({ db, merchant: shopB, paymentId: preauth.id, followUp: checkoutFollowUp })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await cancelPayment({ db, merchant: shopA, paymentId: preauth.id, reason: 'Out of stock', followUp: checkoutFollowUp });

    const detail = await queries.getPaymentDetail({ db, merchantId: shopA.id, paymentId: preauth.id });
    expect([detail.canCancel, detail.canCapture, detail.refundable]).toEqual([false, false, 0]);
    expect(detail.timeline.map((step) => step.event)).toEqual(['created', 'authorized', 'cancelled']);
    expect(detail.timeline.at(-1)!.at).toEqual(detail.payment.cancelledAt);
    expect(detail.response.cancelledAt).toBe(detail.payment.cancelledAt!.toISOString());

    const ids = async (status: string) => (await queries.listPayments({ db, merchantId: shopA.id, query: listQuery({ orderId: 'CANCEL-', status }) })).rows.map((row) => row.id);
    expect(await ids('CANCELLED')).toEqual([preauth.id]);
    expect(await ids('SUCCESS')).toEqual([]);
    expect(await ids('EXPIRED')).toEqual([]);
  });

  test('the refund form is the API’s RefundRequest with a required amount and reference; the cancel form takes an optional reason', () => {
    const form = { paymentId: 'p', amount: '12,50', currency: 'TRY', reference: 'dash-0c6e2b7e-1b61-4f2c-9d7a-2f1f3f0e9a11', reason: '  ' };
    expect(forms.refundFormSchema.parse(form)).toEqual({ paymentId: 'p', amount: 12.5, currency: 'TRY', reference: form.reference });
    const issues = (values: Record<string, unknown>) => forms.refundFormSchema.safeParse(values).error?.issues.map((issue) => [issue.path.join('.'), issue.message]);
    expect(issues({ ...form, amount: '' })).toEqual([['amount', 'Enter the amount to refund']]);
    expect(issues({ ...form, amount: '1.001' })?.map(([path]) => path)).toEqual(['amount']);
    expect(issues({ ...form, amount: '-5' })?.map(([path]) => path)).toEqual(['amount']);
    expect(issues({ ...form, reference: '' })?.map(([path]) => path)).toContain('reference');
    expect(issues({ ...form, reason: 'x'.repeat(201) })).toEqual([['reason', 'Reason must be at most 200 characters']]);
    expect(forms.cancelFormSchema.parse({ paymentId: 'p', reason: '' })).toEqual({ paymentId: 'p' });
    expect(forms.cancelFormSchema.parse({ paymentId: 'p', reason: ' Ordered twice ' })).toEqual({ paymentId: 'p', reason: 'Ordered twice' });
    expect(forms.cancelFormSchema.safeParse({ reason: 'x' }).success).toBe(false);
  });
});

describe('refundable amount and cancellability', () => {
  const takenAt = new Date('2030-01-01T09:00:00Z'); // 12:00 in Istanbul, before the 23:00 cut-off
  const sale = {
    transactionType: 'SALE' as const,
    status: 'SUCCESS' as const,
    capturedAmount: 10_000,
    capturedAt: null,
    createdAt: takenAt,
    refundedAmount: 0,
    authorizationExpiresAt: null,
  };
  const later = (ms: number) => new Date(takenAt.getTime() + ms);

  test('refundable: the charge minus refunds that succeeded or are at the bank; none when not SUCCESS, uncaptured or past 365 days', () => {
    expect(queries.refundableMinor(sale, [])).toBe(10_000);
    expect(queries.refundableMinor({ ...sale, refundedAmount: 3_000 }, [{ amount: 3_000, status: 'SUCCESS' }, { amount: 2_000, status: 'PROCESSING' }, { amount: 9_999, status: 'FAILED' }], takenAt.getTime())).toBe(5_000);
    expect(queries.refundableMinor({ ...sale, refundedAmount: 10_000 }, [], takenAt.getTime())).toBe(0);
    expect(queries.refundableMinor({ ...sale, status: 'CANCELLED' }, [], takenAt.getTime())).toBe(0);
    expect(queries.refundableMinor({ ...sale, capturedAmount: null }, [], takenAt.getTime())).toBe(0);
    expect(queries.refundableMinor(sale, [], later(365 * 86_400_000).getTime())).toBe(10_000);
    expect(queries.refundableMinor(sale, [], later(366 * 86_400_000).getTime())).toBe(0);
  });

  test('cancellable: a charge in the open batch without a refund (a declined one does not count), or an open pre-authorization', () => {
    expect(queries.isCancellable(sale, [], later(60_000))).toBe(true);
    expect(queries.isCancellable(sale, [{ status: 'FAILED' }], later(60_000))).toBe(true);
    expect(queries.isCancellable(sale, [{ status: 'PROCESSING' }], later(60_000))).toBe(false);
    expect(queries.isCancellable({ ...sale, refundedAmount: 100 }, [{ status: 'SUCCESS' }], later(60_000))).toBe(false);
    // The next day the batch is settled: refund instead.
    expect(queries.isCancellable(sale, [], later(86_400_000))).toBe(false);
    expect(queries.isCancellable({ ...sale, status: 'FAILED', capturedAmount: null }, [], later(60_000))).toBe(false);
    expect(queries.isCancellable({ ...sale, status: 'CANCELLED' }, [], later(60_000))).toBe(false);

    const preauth = { ...sale, transactionType: 'PRE_AUTHORIZATION' as const, capturedAmount: null, authorizationExpiresAt: later(7 * 86_400_000) };
    expect(queries.isCancellable(preauth, [], later(6 * 86_400_000))).toBe(true);
    expect(queries.isCancellable(preauth, [], later(7 * 86_400_000))).toBe(false);
    // Captured days later: cancellable on the capture's own settlement day.
    const captured = { ...preauth, capturedAmount: 5_000, capturedAt: later(3 * 86_400_000) };
    expect(queries.isCancellable(captured, [], later(3 * 86_400_000 + 60_000))).toBe(true);
    expect(queries.isCancellable(captured, [], later(4 * 86_400_000))).toBe(false);
  });
});

describe('payment timeline', () => {
  const base = {
    transactionType: 'SALE' as const,
    capturedAmount: null,
    capturedAt: null,
    createdAt: new Date('2030-01-01T10:00:00Z'),
    authCode: 'A1',
    authorizationExpiresAt: null,
    cancelledAt: null,
  };
  const at = (time: string) => new Date(`2030-01-01T${time}Z`);

  test('a 3-D Secure sale: created, enrolled, authenticated, authorized and captured at completion', () => {
    const steps = queries.paymentTimeline({ ...base, status: 'SUCCESS' }, { outcome: 'AUTHENTICATED', createdAt: at('10:00:00'), completedAt: at('10:01:00') });
    expect(steps).toEqual([
      { event: 'created', at: base.createdAt },
      { event: 'enrolled', at: at('10:00:00') },
      { event: 'authenticated', at: at('10:01:00') },
      { event: 'authorized', at: at('10:01:00') },
      { event: 'captured', at: at('10:01:00') },
    ]);
  });

  test('a failed 3-D Secure challenge and a payment still waiting for the shopper', () => {
    expect(queries.paymentTimeline({ ...base, status: 'FAILED' }, { outcome: 'FAILED', createdAt: at('10:00:00'), completedAt: at('10:02:00') }).map((step) => step.event)).toEqual([
      'created',
      'enrolled',
      'failed',
    ]);
    expect(queries.paymentTimeline({ ...base, status: 'ENROLLED' }, { outcome: 'CHALLENGE', createdAt: at('10:00:00'), completedAt: null }).at(-1)).toEqual({
      event: 'authorized',
      at: null,
      pending: true,
    });
  });

  test('an open pre-authorization shows its capture to come; one the expiry job released shows when', () => {
    const authorizationExpiresAt = new Date(base.createdAt.getTime() + 7 * 86_400_000);
    const open = { ...base, transactionType: 'PRE_AUTHORIZATION' as const, status: 'SUCCESS' as const, authorizationExpiresAt };
    expect(queries.paymentTimeline(open, null, base.createdAt.getTime() + 86_400_000).at(-1)).toEqual({ event: 'captured', at: null, pending: true });
    const expired = { ...open, status: 'EXPIRED' as const };
    expect(queries.paymentTimeline(expired, null).at(-1)).toEqual({ event: 'released', at: authorizationExpiresAt });
  });

  test('refunds follow the capture oldest first, each with its amount and outcome; a cancelled sale ends with its cancel', () => {
    const refund = (time: string, amount: number, status: 'SUCCESS' | 'FAILED' | 'PROCESSING') => ({
      amount,
      currency: 'TRY',
      status,
      createdAt: at(time),
      resultMessage: status === 'FAILED' ? 'Refund declined by the issuer' : null,
    });
    const refunded = queries.paymentTimeline({ ...base, status: 'SUCCESS', capturedAmount: 10_000 }, null, Date.now(), [
      refund('11:00:00', 3_000, 'SUCCESS'),
      refund('11:05:00', 2_000, 'FAILED'),
      refund('11:10:00', 1_000, 'PROCESSING'),
    ]);
    expect(refunded.slice(3)).toEqual([
      { event: 'refund', at: at('11:00:00'), amount: 3_000, currency: 'TRY', status: 'SUCCESS', resultMessage: null },
      { event: 'refund', at: at('11:05:00'), amount: 2_000, currency: 'TRY', status: 'FAILED', resultMessage: 'Refund declined by the issuer' },
      { event: 'refund', at: at('11:10:00'), amount: 1_000, currency: 'TRY', status: 'PROCESSING', resultMessage: null },
    ]);
    expect(refunded.map((step) => step.event)).toEqual(['created', 'authorized', 'captured', 'refund', 'refund', 'refund']);

    // A declined refund, then a cancel: both, in time order.
    const cancelled = queries.paymentTimeline({ ...base, status: 'CANCELLED', capturedAmount: 10_000, cancelledAt: at('12:00:00') }, null, Date.now(), [
      refund('11:05:00', 2_000, 'FAILED'),
    ]);
    expect(cancelled.map((step) => [step.event, step.at])).toEqual([
      ['created', base.createdAt],
      ['authorized', base.createdAt],
      ['captured', base.createdAt],
      ['refund', at('11:05:00')],
      ['cancelled', at('12:00:00')],
    ]);
  });
});

describe('checkout links', () => {
  const request = (orderId: string, extra: Record<string, unknown> = {}) =>
    forms.checkoutFormSchema.parse({ orderId, amount: '150.00', currency: 'TRY', callback: 'http://127.0.0.1:9/cb', ...extra });

  test('the create-link form is the API’s CheckoutRequest; the list derives pending, failed, expired, closed and paid', async () => {
    expect(request('CO-PARSE', { interestPaidByCustomer: 'on', maxInstallmentCount: '6', description: '  ' })).toEqual({
      orderId: 'CO-PARSE',
      amount: 150,
      currency: 'TRY',
      callback: 'http://127.0.0.1:9/cb',
      maxInstallmentCount: 6,
      interestPaidByCustomer: true,
      expiresInMinutes: 30,
    });
    const invalid = forms.checkoutFormSchema.safeParse({ orderId: 'bad id!', amount: '1.234', currency: 'TRY', callback: 'not a url', expiresInMinutes: '2' });
    expect(invalid.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['amount', 'callback', 'expiresInMinutes', 'orderId']);

    const pending = await createCheckout({ db, merchant: shopA, request: request('CO-PENDING') });
    expect(pending.redirectUrl).toBe(`http://kasa.test/checkout-link/${pending.checkoutId}`);
    const failed = await createCheckout({ db, merchant: shopA, request: request('CO-FAILED') });
    const expired = await createCheckout({ db, merchant: shopA, request: request('CO-EXPIRED') });
    const closed = await createCheckout({ db, merchant: shopA, request: request('CO-CLOSED') });
    const paid = await createCheckout({ db, merchant: shopA, request: request('CO-PAID') });
    await createCheckout({ db, merchant: shopB, request: request('CO-B') });
    const { checkouts } = schema;
    await db.update(checkouts).set({ failedAttempts: 1 }).where(eq(checkouts.id, failed.checkoutId));
    await db.update(checkouts).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(checkouts.id, expired.checkoutId));
    await db.update(checkouts).set({ status: 'CLOSED', failedAttempts: 3 }).where(eq(checkouts.id, closed.checkoutId));
    await db.update(checkouts).set({ status: 'PAID' }).where(eq(checkouts.id, paid.checkoutId));

    const list = await queries.listCheckouts({ db, merchantId: shopA.id, query: forms.checkoutListQuerySchema.parse({ orderId: 'CO-' }) });
    expect(list.rows.map((row) => [row.orderId, row.listStatus])).toEqual([
      ['CO-PAID', 'PAID'],
      ['CO-CLOSED', 'CLOSED'],
      ['CO-EXPIRED', 'EXPIRED'],
      ['CO-FAILED', 'FAILED'],
      ['CO-PENDING', 'PENDING'],
    ]);
    for (const status of forms.checkoutStatusFilter) {
      const filtered = await queries.listCheckouts({ db, merchantId: shopA.id, query: forms.checkoutListQuerySchema.parse({ status }) });
      expect(filtered.rows.map((row) => row.listStatus)).toEqual([status]);
    }
    const other = await queries.listCheckouts({ db, merchantId: shopB.id, query: forms.checkoutListQuerySchema.parse({}) });
    expect(other.rows.map((row) => row.orderId)).toEqual(['CO-B']);
  });

  test('checkout detail is scoped: another merchant’s checkout is NOT_FOUND', async () => {
    const created = await createCheckout({ db, merchant: shopA, request: request('CO-DETAIL') });
    const detail = await queries.getCheckoutDetail({ db, merchantId: shopA.id, checkoutId: created.checkoutId });
    expect(detail.checkout).toMatchObject({ orderId: 'CO-DETAIL', listStatus: 'PENDING', redirectUrl: created.redirectUrl });
    expect([detail.attempts, detail.deliveries]).toEqual([[], []]);
    await expect(queries.getCheckoutDetail({ db, merchantId: shopB.id, checkoutId: created.checkoutId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(queries.getCheckoutDetail({ db, merchantId: shopA.id, checkoutId: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('callback deliveries', () => {
  async function deliveryFor(merchant: Merchant, state: 'PENDING' | 'DELIVERED' | 'FAILED', attempts: (number | null)[]) {
    const created = await createCheckout({
      db,
      merchant,
      request: forms.checkoutFormSchema.parse({ orderId: `CB-${randomUUID()}`, amount: '10', currency: 'TRY', callback: 'http://127.0.0.1:9/cb' }),
    });
    const [checkout] = await db.select().from(schema.checkouts).where(eq(schema.checkouts.id, created.checkoutId));
    const delivery = await db.transaction((tx) => enqueueCallback(tx, { checkout: checkout, status: 'SUCCESS', event: 'attempt.succeeded' }));
    for (const [index, statusCode] of attempts.entries()) {
      await db.insert(schema.callbackAttempts).values({
        id: `att_${randomUUID()}`,
        deliveryId: delivery.id,
        attemptedAt: new Date(Date.now() - (attempts.length - index) * 60_000),
        statusCode,
        latencyMs: 12 + index,
        error: statusCode === 200 ? null : statusCode === null ? 'ECONNREFUSED' : `HTTP ${statusCode}`,
      });
    }
    await db
      .update(schema.callbackDeliveries)
      .set({
        state,
        attemptCount: attempts.length,
        nextAttemptAt: sql`now() + interval '1 hour'`,
        deliveredAt: state === 'DELIVERED' ? new Date() : null,
      })
      .where(eq(schema.callbackDeliveries.id, delivery.id));
    return delivery.id;
  }

  test('every delivery with its attempts; "failing" is given up or retrying after failures; scoped by merchant', async () => {
    const merchant = await merchantRow((await createMerchant({ db, name: 'Callbacks Shop' })).merchantId);
    const delivered = await deliveryFor(merchant, 'DELIVERED', [500, 200]);
    const retrying = await deliveryFor(merchant, 'PENDING', [null]);
    const gaveUp = await deliveryFor(merchant, 'FAILED', [500, 500, 503]);
    const fresh = await deliveryFor(merchant, 'PENDING', []);
    const foreign = await deliveryFor(shopB, 'FAILED', [500]);

    const list = await queries.listDeliveries({ db, merchantId: merchant.id, query: forms.deliveryListQuerySchema.parse({}) });
    expect(list.rows.map((row) => row.id)).toEqual([fresh, gaveUp, retrying, delivered]);
    expect(list.rows.find((row) => row.id === gaveUp)!.attempts.map((attempt) => [attempt.statusCode, attempt.error])).toEqual([
      [500, 'HTTP 500'],
      [500, 'HTTP 500'],
      [503, 'HTTP 503'],
    ]);
    const failing = await queries.listDeliveries({ db, merchantId: merchant.id, query: forms.deliveryListQuerySchema.parse({ state: 'failing' }) });
    expect(failing.rows.map((row) => row.id)).toEqual([gaveUp, retrying]);

    const detail = await queries.getDeliveryDetail({ db, merchantId: merchant.id, deliveryId: delivered });
    expect(detail.attempts.map((attempt) => attempt.statusCode)).toEqual([500, 200]);
    await expect(queries.getDeliveryDetail({ db, merchantId: merchant.id, deliveryId: foreign })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(queries.getDeliveryDetail({ db, merchantId: merchant.id, deliveryId: 'evt_nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('resend: due now, same eventId, history kept; another merchant’s delivery is NOT_FOUND and unchanged', async () => {
    const merchant = await merchantRow((await createMerchant({ db, name: 'Resend Shop' })).merchantId);
    const gaveUp = await deliveryFor(merchant, 'FAILED', [500, 500]);
    const foreign = await deliveryFor(shopB, 'FAILED', [500]);
    const [foreignBefore] = await db.select().from(schema.callbackDeliveries).where(eq(schema.callbackDeliveries.id, foreign));

    await expect(resendDelivery({ db, merchantId: merchant.id, deliveryId: foreign })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(resendDelivery({ db, merchantId: merchant.id, deliveryId: "evt_x' or 1=1 --" })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const [foreignAfter] = await db.select().from(schema.callbackDeliveries).where(eq(schema.callbackDeliveries.id, foreign));
    expect(foreignAfter).toEqual(foreignBefore);

    const resent = await resendDelivery({ db, merchantId: merchant.id, deliveryId: gaveUp });
    expect(resent).toMatchObject({ id: gaveUp, state: 'PENDING', attemptCount: 2 });
    expect(resent.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
    const detail = await queries.getDeliveryDetail({ db, merchantId: merchant.id, deliveryId: gaveUp });
    expect(detail.attempts).toHaveLength(2);
  });
});

describe('settings', () => {
  test('name, API key, live secrets’ last 4 with expiry, callback secret overlap, currencies and pricing; nothing secret', async () => {
    const created = await createMerchant({ db, name: 'Settings Shop' });
    const rotated = await rotateApiSecret({ db, merchantId: created.merchantId, overlapHours: 12 });
    const callback = await rotateCallbackSecret({ db, merchantId: created.merchantId, overlapHours: 6 });
    const settings = await queries.getMerchantSettings({ db, merchantId: created.merchantId });
    expect(settings.merchant).toMatchObject({ id: created.merchantId, name: 'Settings Shop', currencies: ['TRY', 'USD', 'EUR'] });
    expect(settings.apiKey).toBe(created.apiKey);
    expect(settings.secrets.map((secret) => [secret.last4, secret.expiresAt === null])).toEqual([
      [rotated.secretLast4, true],
      [created.apiSecret.slice(-4), false],
    ]);
    expect(settings.callbackSecret).toEqual({ last4: callback.callbackSecret.slice(-4), previousExpiresAt: callback.previousExpiresAt });
    expect(settings.pricing.commission).toEqual({ domesticDebit: 149, domesticCredit: 179, international: 299 });
    const serialized = JSON.stringify(settings);
    for (const secret of [created.apiSecret, rotated.apiSecret, created.callbackSecret, callback.callbackSecret]) expect(serialized).not.toContain(secret);

    await rotateApiSecret({ db, merchantId: created.merchantId, overlapHours: 0 });
    expect((await queries.getMerchantSettings({ db, merchantId: created.merchantId })).secrets).toHaveLength(1);
    await expect(queries.getMerchantSettings({ db, merchantId: 'mch_nobody' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
