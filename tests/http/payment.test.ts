// POST /api/payment (direct sale) and GET /api/payment/{paymentId}.
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { api } from '../support/api';
import { expectApprovedPayment, expectDeclinedPayment, expectError } from '../support/assertions';
import { cards, type TestCard } from '../support/cards';
import { forEachBackend } from '../support/context';
import { paymentRequest } from '../support/requests';

forEachBackend((backend) => {
  const client = api(backend);
  const sale = async (overrides: Parameters<typeof paymentRequest>[0] = {}, card: TestCard = cards.world) => {
    const request = paymentRequest(overrides, card);
    const response = await client.post('/api/payment', request);
    return { request, response };
  };

  describe.concurrent('direct sale', () => {
    test('an approved sale answers every ApiPaymentResponse field, with customerId echoed', async () => {
      const { request, response } = await sale({ customerId: 'CUST-42' });
      const body = expectApprovedPayment(response, { request, card: cards.world, transactionType: 'SALE' });
      expect(body.customerId).toBe('CUST-42');
      expect(body.pan).toBe('542119******0656');
    });

    test('a sale without customerId answers customerId null', async () => {
      const { request, response } = await sale({ customerId: undefined });
      expect(expectApprovedPayment(response, { request, card: cards.world, transactionType: 'SALE' }).customerId).toBeNull();
    });

    test('a sale is a single payment: installmentCount 1, no interest, totalAmount = amount', async () => {
      const { response } = await sale({ amount: 250.75 });
      expect(response.body).toMatchObject({ installmentCount: 1, interestAmount: 0, totalAmount: 250.75, amount: 250.75 });
    });

    test('an IPv6 requestIp is accepted', async () => {
      const { request, response } = await sale({ requestIp: '2001:db8::7' });
      expectApprovedPayment(response, { request, card: cards.world, transactionType: 'SALE' });
    });

    test('USD and EUR sales are answered in their currency', async () => {
      for (const currency of ['USD', 'EUR']) {
        const { request, response } = await sale({ currency, amount: 19.99 }, cards.visaInternational);
        expectApprovedPayment(response, { request, card: cards.visaInternational, transactionType: 'SALE' });
      }
    });

    test('the smallest amount, 0.01, is accepted', async () => {
      const { request, response } = await sale({ amount: 0.01 });
      expectApprovedPayment(response, { request, card: cards.world, transactionType: 'SALE' });
    });

    test('an amount with one decimal is the same as with two (100.5 = 100.50)', async () => {
      const { response } = await sale({ amount: 100.5 });
      expect(response.body.amount).toBe(100.5);
    });

    test('the AMEX card takes a 4-digit CVV', async () => {
      const { request, response } = await sale({}, cards.amex);
      expectApprovedPayment(response, { request, card: cards.amex, transactionType: 'SALE' });
      expect(response.body.pan).toBe('378282*****0005');
    });

    test('each sale gets its own paymentId', async () => {
      const first = await sale();
      const second = await sale();
      expect(first.response.body.paymentId).not.toBe(second.response.body.paymentId);
    });
  });

  describe.concurrent('merchantCommission = round(amount × base rate), half-up, on a single payment (§6)', () => {
    const cases: [string, TestCard, number, number][] = [
      ['DOM CREDIT 1.79 %', cards.world, 1234.56, 22.1],
      ['DOM DEBIT 1.49 %', cards.mastercardDebit, 1234.56, 18.39],
      ['INT 2.99 %', cards.visaInternational, 1234.56, 36.91],
      ['DOM CREDIT 1.79 % of 50.00 = 0.895 → 0.90', cards.world, 50, 0.9],
      ['DOM DEBIT 1.49 % of 50.00 = 0.745 → 0.75', cards.troyDebit, 50, 0.75],
      ['INT 2.99 % of 50.00 = 1.495 → 1.50', cards.amex, 50, 1.5],
      ['DOM CREDIT 1.79 % of 0.01 → 0.00', cards.bonus, 0.01, 0],
      ['INT 2.99 % of 9999.99 → 299.00', cards.mastercardInternational, 9_999.99, 299],
    ];
    test.each(cases)('%s', async (_, card, amount, commission) => {
      const { request, response } = await sale({ amount }, card);
      expectApprovedPayment(response, { request, card, transactionType: 'SALE' });
      expect(response.body.merchantCommission).toBe(commission);
    });
  });

  describe.concurrent('GET /api/payment/{paymentId}', () => {
    test('answers the same payment as the sale did', async () => {
      const { request, response } = await sale({ customerId: 'CUST-7' });
      const created = expectApprovedPayment(response, { request, card: cards.world, transactionType: 'SALE' });
      const fetched = await client.get(`/api/payment/${created.paymentId}`);
      const body = expectApprovedPayment(fetched, { request, card: cards.world, transactionType: 'SALE' });
      expect(body).toEqual(created);
    });

    test('answers a declined payment as FAILED with its resultCode', async () => {
      const { request, response } = await sale({}, cards.insufficientFunds);
      const created = expectDeclinedPayment(response, { request, card: cards.insufficientFunds, transactionType: 'SALE' });
      const fetched = await client.get(`/api/payment/${created.paymentId}`);
      expectDeclinedPayment(fetched, { request, card: cards.insufficientFunds, transactionType: 'SALE' });
      expect(fetched.body.paymentId).toBe(created.paymentId);
    });

    test('an unknown paymentId answers 404 NOT_FOUND', async () => {
      expectError(await client.get(`/api/payment/${randomUUID()}`), 404, 'NOT_FOUND');
    });

    test('a paymentId that is not a UUID answers 404 NOT_FOUND', async () => {
      expectError(await client.get('/api/payment/not-a-payment-id'), 404, 'NOT_FOUND');
    });
  });
});
