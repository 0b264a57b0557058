import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startNestPayBank, type NestPayBank } from '../../../tests/support/nestpay-bank';
import type { AuthorizationRequest } from '../types';
import { createNestPayAcquirer, NestPayOutcomeUnknown, type NestPayAcquirer } from './acquirer';

let bank: NestPayBank;
let nestpay: NestPayAcquirer;
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

  test('when the status query times out too, authorize throws NestPayOutcomeUnknown; recovery then voids by paymentId', async () => {
    const lost = request({ transactionType: 'PRE_AUTHORIZATION' });
    bank.misbehave('timeout', { count: 2 });
    await expect(nestpay.authorize(lost)).rejects.toBeInstanceOf(NestPayOutcomeUnknown);
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
    expect((await nestpay.refund({ ...settlement, amountMinor: 5000 })).ok).toBe(true);
    expect(await nestpay.refund({ ...settlement, amountMinor: 3001 })).toMatchObject({ ok: false, resultCode: 'PROCESSING_ERROR' });
    expect(bank.orders.get(pre.paymentId)).toMatchObject({ capturedMinor: 8000, creditedMinor: 5000 });
  });

  test('a capture whose answer is lost is confirmed by the status query', async () => {
    const pre = request({ transactionType: 'PRE_AUTHORIZATION' });
    await nestpay.authorize(pre);
    bank.misbehave('drop');
    expect(await nestpay.capture({ paymentId: pre.paymentId, externalTransactionId: null, amountMinor: 12000, currency: 'TRY' })).toMatchObject({ ok: true });
    expect(bank.orders.get(pre.paymentId)!.state).toBe('C');
  });
});
