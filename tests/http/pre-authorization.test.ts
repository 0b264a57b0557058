// POST /api/pre-authorization and POST /api/pre-authorization/{paymentId}/capture.
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { api } from '../support/api';
import { expectApprovedPayment, expectError, expectPaymentShape, expectValidationError } from '../support/assertions';
import { cards, maskPan } from '../support/cards';
import { forEachBackend } from '../support/context';
import { preAuthorize } from '../support/flows';
import { expectedCommission, paymentRequest } from '../support/requests';

forEachBackend((backend) => {
  const client = api(backend);
  const capture = (paymentId: string, body: unknown, merchant = backend.merchants.a) =>
    api(backend, merchant).post(`/api/pre-authorization/${paymentId}/capture`, body);

  describe.concurrent('capture', () => {
    test('a full capture answers SUCCESS with amount = capturedAmount = authorizedAmount', async () => {
      const { request, paymentId } = await preAuthorize(backend, { amount: 1000, customerId: 'CUST-9' });
      const response = await capture(paymentId, { amount: 1000, currency: 'TRY' });
      expect(response.status, response.text).toBe(200);
      expectPaymentShape(response.body);
      expect(response.body).toMatchObject({
        paymentId,
        orderId: request.orderId,
        status: 'SUCCESS',
        transactionType: 'PRE_AUTHORIZATION',
        amount: 1000,
        authorizedAmount: 1000,
        capturedAmount: 1000,
        interestAmount: 0,
        totalAmount: 1000,
        currency: 'TRY',
        installmentCount: 1,
        merchantCommission: 17.9,
        pan: maskPan(cards.world.pan),
        cardScheme: 'MASTERCARD',
        customerId: 'CUST-9',
      });
      expect(response.text).not.toContain(cards.world.pan);
    });

    test('a partial capture answers the captured amount and recomputes merchantCommission on it', async () => {
      const { paymentId } = await preAuthorize(backend, { amount: 1000 });
      const response = await capture(paymentId, { amount: 400.5, currency: 'TRY' });
      expect(response.status, response.text).toBe(200);
      expect(response.body).toMatchObject({
        paymentId,
        status: 'SUCCESS',
        amount: 400.5,
        capturedAmount: 400.5,
        authorizedAmount: 1000,
        totalAmount: 400.5,
        merchantCommission: expectedCommission(400.5, cards.world),
      });
      expect(response.body.merchantCommission).toBe(7.17);
    });

    test('the commission of a captured debit pre-authorization uses the debit rate', async () => {
      const { paymentId } = await preAuthorize(backend, { amount: 50 }, cards.mastercardDebit);
      const response = await capture(paymentId, { amount: 50, currency: 'TRY' });
      expect(response.status, response.text).toBe(200);
      expect(response.body.merchantCommission).toBe(0.75);
    });

    test('a capture of 0.01 is accepted', async () => {
      const { paymentId } = await preAuthorize(backend, { amount: 20 });
      const response = await capture(paymentId, { amount: 0.01, currency: 'TRY' });
      expect(response.status, response.text).toBe(200);
      expect(response.body).toMatchObject({ amount: 0.01, capturedAmount: 0.01, authorizedAmount: 20 });
    });

    test('a USD pre-authorization is captured in USD', async () => {
      const { paymentId } = await preAuthorize(backend, { amount: 75.25, currency: 'USD' }, cards.visaInternational);
      const response = await capture(paymentId, { amount: 75.25, currency: 'USD' });
      expect(response.status, response.text).toBe(200);
      expect(response.body).toMatchObject({ currency: 'USD', capturedAmount: 75.25, merchantCommission: expectedCommission(75.25, cards.visaInternational) });
    });

    test('GET /api/payment/{paymentId} shows the captured amount after the capture', async () => {
      const { paymentId } = await preAuthorize(backend, { amount: 300 });
      expect((await capture(paymentId, { amount: 120, currency: 'TRY' })).status).toBe(200);
      const fetched = await client.get(`/api/payment/${paymentId}`);
      expect(fetched.status, fetched.text).toBe(200);
      expectPaymentShape(fetched.body);
      expect(fetched.body).toMatchObject({ paymentId, status: 'SUCCESS', transactionType: 'PRE_AUTHORIZATION', authorizedAmount: 300, capturedAmount: 120 });
    });

    test('capture above the authorized amount answers 409 AMOUNT_EXCEEDS_AUTHORIZED and leaves the pre-authorization capturable', async () => {
      const { paymentId } = await preAuthorize(backend, { amount: 100 });
      expectError(await capture(paymentId, { amount: 100.01, currency: 'TRY' }), 409, 'AMOUNT_EXCEEDS_AUTHORIZED');
      const response = await capture(paymentId, { amount: 100, currency: 'TRY' });
      expect(response.status, response.text).toBe(200);
      expect(response.body.capturedAmount).toBe(100);
    });

    test('capture in another currency answers 409 CURRENCY_MISMATCH and leaves the pre-authorization capturable', async () => {
      const { paymentId } = await preAuthorize(backend, { amount: 100 });
      expectError(await capture(paymentId, { amount: 50, currency: 'USD' }), 409, 'CURRENCY_MISMATCH');
      expect((await capture(paymentId, { amount: 50, currency: 'TRY' })).status).toBe(200);
    });

    test('a second capture answers 409 INVALID_STATE', async () => {
      const { paymentId } = await preAuthorize(backend, { amount: 100 });
      expect((await capture(paymentId, { amount: 60, currency: 'TRY' })).status).toBe(200);
      expectError(await capture(paymentId, { amount: 40, currency: 'TRY' }), 409, 'INVALID_STATE');
      expectError(await capture(paymentId, { amount: 60, currency: 'TRY' }), 409, 'INVALID_STATE');
      const fetched = await client.get(`/api/payment/${paymentId}`);
      expect(fetched.body.capturedAmount).toBe(60);
    });

    test('capturing a failed pre-authorization answers 409 INVALID_STATE', async () => {
      const { paymentId } = await preAuthorize(backend, { amount: 100 }, cards.doNotHonor);
      expectError(await capture(paymentId, { amount: 100, currency: 'TRY' }), 409, 'INVALID_STATE');
    });

    test('capturing a sale answers 409 INVALID_STATE', async () => {
      const request = paymentRequest({ amount: 100 });
      const sale = expectApprovedPayment(await client.post('/api/payment', request), { request, card: cards.world, transactionType: 'SALE' });
      expectError(await capture(sale.paymentId, { amount: 100, currency: 'TRY' }), 409, 'INVALID_STATE');
    });

    test('capturing an unknown paymentId answers 404 NOT_FOUND', async () => {
      expectError(await capture(randomUUID(), { amount: 1, currency: 'TRY' }), 404, 'NOT_FOUND');
    });

    test('capturing a paymentId that is not a UUID answers 404 NOT_FOUND', async () => {
      expectError(await capture('not-a-payment-id', { amount: 1, currency: 'TRY' }), 404, 'NOT_FOUND');
    });

    test("capturing another merchant's pre-authorization answers 404 and leaves it capturable by its owner", async () => {
      const { paymentId } = await preAuthorize(backend, { amount: 100 });
      expectError(await capture(paymentId, { amount: 100, currency: 'TRY' }, backend.merchants.b), 404, 'NOT_FOUND');
      expect((await capture(paymentId, { amount: 100, currency: 'TRY' })).status).toBe(200);
    });
  });

  describe.concurrent('capture request rules', () => {
    const cases: [string, unknown, string][] = [
      ['missing amount', { currency: 'TRY' }, 'amount'],
      ['amount 0', { amount: 0, currency: 'TRY' }, 'amount'],
      ['amount -1', { amount: -1, currency: 'TRY' }, 'amount'],
      ['amount as a string', { amount: '50', currency: 'TRY' }, 'amount'],
      ['amount with 3 decimals', { amount: 10.005, currency: 'TRY' }, 'amount'],
      ['missing currency', { amount: 50 }, 'currency'],
      ['a currency not enabled for the merchant (GBP)', { amount: 50, currency: 'GBP' }, 'currency'],
      ['a currency that is no ISO 4217 code (XYZ)', { amount: 50, currency: 'XYZ' }, 'currency'],
    ];
    test.each(cases)('%s answers 400 VALIDATION_ERROR naming the field and leaves the pre-authorization capturable', async (_, body, field) => {
      const { paymentId } = await preAuthorize(backend, { amount: 100 });
      expectValidationError(await capture(paymentId, body), field);
      expect((await capture(paymentId, { amount: 100, currency: 'TRY' })).status).toBe(200);
    });

    test('a malformed capture body answers 400 MALFORMED_JSON', async () => {
      const { paymentId } = await preAuthorize(backend);
      const response = await client.post(`/api/pre-authorization/${paymentId}/capture`, undefined, { rawBody: '{"amount": 10,' });
      expectError(response, 400, 'MALFORMED_JSON');
    });

    test('a capture sent as text/plain answers 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const { paymentId } = await preAuthorize(backend);
      const response = await client.post(`/api/pre-authorization/${paymentId}/capture`, { amount: 10, currency: 'TRY' }, { headers: { 'content-type': 'text/plain' } });
      expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    test('a capture body over 64 KiB answers 413 PAYLOAD_TOO_LARGE', async () => {
      const { paymentId } = await preAuthorize(backend);
      const text = JSON.stringify({ amount: 10, currency: 'TRY' }) + ' '.repeat(65 * 1024);
      expectError(await client.post(`/api/pre-authorization/${paymentId}/capture`, undefined, { rawBody: text }), 413, 'PAYLOAD_TOO_LARGE');
    });
  });
});
