import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startNestPayBank, type NestPayBank } from '../../../tests/support/nestpay-bank';
import { AcquirerOutcomeUnknown, type Acquirer, type AuthorizationRequest } from '../types';
import { createNestPayAcquirer } from './acquirer';

let bank: NestPayBank;
let nestpay: Acquirer;
let sequence = 0;

beforeAll(async () => {
  bank = await startNestPayBank();
  nestpay = createNestPayAcquirer(bank.account, { timeoutMs: 300 });
});
afterAll(() => bank.close());

const request = (overrides: Partial<AuthorizationRequest> = {}): AuthorizationRequest => ({
  paymentId: `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`,
  card: { pan: '4111111111111111', expiryMonth: '06', expiryYear: '31', cvv: '321', cardHolderName: 'Ali Veli' },
  amountMinor: 12000,
  currency: 'TRY',
  installmentCount: 1,
  transactionType: 'SALE',
  ...overrides,
});

describe('NestPay behind the acquirer shapes', () => {
  test('a sale is an approval with the bank\'s TransId; the bank\'s order id is the paymentId', async () => {
    const sale = request();
    const result = await nestpay.authorize(sale);
    expect(result).toMatchObject({ approved: true, resultCode: 'SUCCESS', externalTransactionId: bank.orders.get(sale.paymentId)!.transId });
  });

  test('a decline keeps its resultCode', async () => {
    const result = await nestpay.authorize(request({ card: { ...request().card, pan: '4000000000009995' } }));
    expect(result).toMatchObject({ approved: false, authCode: null, resultCode: 'INSUFFICIENT_FUNDS' });
  });

  test('a timed-out sale the bank made is recorded as approved, once; one it never made is a decline', async () => {
    const made = request();
    bank.misbehave('timeout');
    const result = await nestpay.authorize(made);
    expect(result).toMatchObject({ approved: true, externalTransactionId: bank.orders.get(made.paymentId)!.transId });
    expect(bank.received.filter((entry) => entry.fields.OrderId === made.paymentId).map((entry) => entry.type)).toEqual(['Auth', 'ORDERSTATUS']);

    const never = request();
    bank.misbehave('drop', { process: false });
    expect(await nestpay.authorize(never)).toMatchObject({ approved: false, resultCode: 'PROCESSING_ERROR' });
    expect(bank.orders.has(never.paymentId)).toBe(false);
  });

  test('when the status query times out too, authorize throws AcquirerOutcomeUnknown; recovery then voids by paymentId', async () => {
    const lost = request({ transactionType: 'PRE_AUTHORIZATION' });
    bank.misbehave('timeout', { count: 2 });
    await expect(nestpay.authorize(lost)).rejects.toBeInstanceOf(AcquirerOutcomeUnknown);
    expect(bank.orders.get(lost.paymentId)!.state).toBe('A');
    const released = await nestpay.release({ paymentId: lost.paymentId, externalTransactionId: null, amountMinor: lost.amountMinor, currency: 'TRY' });
    expect(released.ok).toBe(true);
    expect(bank.orders.get(lost.paymentId)!.state).toBe('V');
  });

  test('capture of part of a pre-authorization, then refunds up to the captured part', async () => {
    const pre = request({ transactionType: 'PRE_AUTHORIZATION' });
    await nestpay.authorize(pre);
    const settlement = { paymentId: pre.paymentId, externalTransactionId: null, currency: 'TRY' };
    expect(await nestpay.capture({ ...settlement, amountMinor: 8000 })).toMatchObject({ ok: true });
    expect((await nestpay.refund({ ...settlement, refundId: 'r1', amountMinor: 5000, attempt: 'first' })).ok).toBe(true);
    expect(await nestpay.refund({ ...settlement, refundId: 'r2', amountMinor: 3001, attempt: 'first' })).toMatchObject({ ok: false, resultCode: 'REFUND_DECLINED' });
    expect(bank.orders.get(pre.paymentId)).toMatchObject({ capturedMinor: 8000, creditedMinor: 5000 });
  });

  test('a capture whose answer is lost is confirmed by the status query', async () => {
    const pre = request({ transactionType: 'PRE_AUTHORIZATION' });
    await nestpay.authorize(pre);
    bank.misbehave('drop');
    expect(await nestpay.capture({ paymentId: pre.paymentId, externalTransactionId: null, amountMinor: 12000, currency: 'TRY' })).toMatchObject({ ok: true });
    expect(bank.orders.get(pre.paymentId)!.state).toBe('C');
  });

  test('a refund whose answer is lost throws AcquirerOutcomeUnknown, so it stays open instead of failing', async () => {
    const sale = request();
    await nestpay.authorize(sale);
    bank.misbehave('timeout');
    await expect(nestpay.refund({ paymentId: sale.paymentId, externalTransactionId: null, refundId: 'r3', amountMinor: 1000, currency: 'TRY', attempt: 'first' })).rejects.toBeInstanceOf(AcquirerOutcomeUnknown);
  });

  test('cancel voids the order; a repeat is recognised by the status query', async () => {
    const sale = request();
    await nestpay.authorize(sale);
    const cancel = { paymentId: sale.paymentId, externalTransactionId: null, amountMinor: 12000, currency: 'TRY', stage: 'CAPTURED' as const };
    expect(await nestpay.cancel(cancel)).toMatchObject({ ok: true });
    expect(bank.orders.get(sale.paymentId)!.state).toBe('V');
    // The status query shows the order voided: a repeat of a cancel that went through is its success.
    expect(await nestpay.cancel(cancel)).toMatchObject({ ok: true });
  });

  test('release of an interrupted payment the bank never authorized needs no void', async () => {
    const never = request();
    expect(await nestpay.release({ paymentId: never.paymentId, externalTransactionId: null, amountMinor: 12000, currency: 'TRY' })).toMatchObject({ ok: true });
    expect(bank.received.filter((entry) => entry.fields.OrderId === never.paymentId).map((entry) => entry.type)).toEqual(['ORDERSTATUS']);
  });

  test('checkConnection passes with the right credentials and reports the bank\'s refusal with wrong ones', async () => {
    expect(await nestpay.checkConnection()).toEqual({ ok: true });
    const wrong = createNestPayAcquirer({ ...bank.account, apiPassword: 'wrong' }, { timeoutMs: 300 });
    expect(await wrong.checkConnection()).toMatchObject({ ok: false, message: expect.stringMatching(/password/i) });
  });
});
