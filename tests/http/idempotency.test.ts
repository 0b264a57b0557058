// Idempotency-Key (Kasa addition on every POST) and DUPLICATE_ORDER (§5).
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { api } from '../support/api';
import { expectApprovedPayment, expectDeclinedPayment, expectError } from '../support/assertions';
import { cards, CVV } from '../support/cards';
import { forEachBackend } from '../support/context';
import { preAuthorize, sell } from '../support/flows';
import { paymentRequest } from '../support/requests';

forEachBackend((backend) => {
  const client = api(backend);
  const key = () => `key-${randomUUID()}`;

  describe.concurrent('Idempotency-Key', () => {
    test('a replay answers 200 with the same body and the same paymentId', async () => {
      const request = paymentRequest();
      const idempotencyKey = key();
      const first = await client.post('/api/payment', request, { idempotencyKey });
      const created = expectApprovedPayment(first, { request, card: cards.world, transactionType: 'SALE' });
      const replay = await client.post('/api/payment', request, { idempotencyKey });
      expect(replay.status, replay.text).toBe(200);
      expect(replay.body).toEqual(created);
    });

    test('a replayed pre-authorization answers the same pre-authorization', async () => {
      const request = paymentRequest();
      const idempotencyKey = key();
      const first = await client.post('/api/pre-authorization', request, { idempotencyKey });
      const created = expectApprovedPayment(first, { request, card: cards.world, transactionType: 'PRE_AUTHORIZATION' });
      const replay = await client.post('/api/pre-authorization', request, { idempotencyKey });
      expect(replay.status, replay.text).toBe(200);
      expect(replay.body).toEqual(created);
    });

    test('a replayed decline answers the same FAILED payment', async () => {
      const request = paymentRequest({}, cards.stolenCard);
      const idempotencyKey = key();
      const first = await client.post('/api/payment', request, { idempotencyKey });
      const created = expectDeclinedPayment(first, { request, card: cards.stolenCard, transactionType: 'SALE' });
      const replay = await client.post('/api/payment', request, { idempotencyKey });
      expect(replay.status, replay.text).toBe(200);
      expect(replay.body).toEqual(created);
    });

    test('a replayed capture answers the same capture without capturing twice', async () => {
      const { paymentId } = await preAuthorize(backend, { amount: 200 });
      const idempotencyKey = key();
      const path = `/api/pre-authorization/${paymentId}/capture`;
      const first = await client.post(path, { amount: 150, currency: 'TRY' }, { idempotencyKey });
      expect(first.status, first.text).toBe(200);
      const replay = await client.post(path, { amount: 150, currency: 'TRY' }, { idempotencyKey });
      expect(replay.status, replay.text).toBe(200);
      expect(replay.body).toEqual(first.body);
      expect((await client.get(`/api/payment/${paymentId}`)).body.capturedAmount).toBe(150);
    });

    test('the same key with a different body answers 409 IDEMPOTENCY_KEY_REUSED', async () => {
      const request = paymentRequest();
      const idempotencyKey = key();
      expect((await client.post('/api/payment', request, { idempotencyKey })).status).toBe(200);
      expectError(await client.post('/api/payment', { ...request, amount: 200 }, { idempotencyKey }), 409, 'IDEMPOTENCY_KEY_REUSED');
      expectError(await client.post('/api/payment', paymentRequest(), { idempotencyKey }), 409, 'IDEMPOTENCY_KEY_REUSED');
    });

    // The key's request fingerprint keeps no form of the CVV (PCI DSS 3.3.1), so it cannot tell two
    // CVVs apart: the retry is answered from the first request, and nothing is charged twice.
    test('the same key with a body differing only in the CVV replays the first answer without a second payment', async () => {
      const request = paymentRequest();
      const idempotencyKey = key();
      const first = await client.post('/api/payment', request, { idempotencyKey });
      expect(first.status, first.text).toBe(200);
      const response = await client.post('/api/payment', { ...request, cvv: CVV.alternate }, { idempotencyKey });
      expect(response.status, response.text).toBe(200);
      expect(response.headers.get('idempotent-replayed')).toBe('true');
      expect(response.body).toEqual(first.body);
    });

    test('the same key with a body differing only in the card number answers 409 IDEMPOTENCY_KEY_REUSED', async () => {
      const request = paymentRequest();
      const idempotencyKey = key();
      expect((await client.post('/api/payment', request, { idempotencyKey })).status).toBe(200);
      const response = await client.post('/api/payment', { ...request, pan: cards.bonus.pan }, { idempotencyKey });
      expectError(response, 409, 'IDEMPOTENCY_KEY_REUSED');
    });

    test('keys are scoped to the merchant: merchant B may use merchant A\'s key', async () => {
      const idempotencyKey = key();
      const forA = paymentRequest();
      const forB = paymentRequest();
      const a = expectApprovedPayment(await client.post('/api/payment', forA, { idempotencyKey }), { request: forA, card: cards.world, transactionType: 'SALE' });
      const b = expectApprovedPayment(await api(backend, backend.merchants.b).post('/api/payment', forB, { idempotencyKey }), {
        request: forB,
        card: cards.world,
        transactionType: 'SALE',
      });
      expect(b.paymentId).not.toBe(a.paymentId);
    });

    test('a key of 255 characters is accepted', async () => {
      const request = paymentRequest();
      const response = await client.post('/api/payment', request, { idempotencyKey: randomUUID().padEnd(255, 'k') });
      expectApprovedPayment(response, { request, card: cards.world, transactionType: 'SALE' });
    });

    test('a key over 255 characters answers 400 and is not processed', async () => {
      const request = paymentRequest();
      const response = await client.post('/api/payment', request, { idempotencyKey: randomUUID().padEnd(256, 'k') });
      expect(response.status, response.text).toBe(400);
      expectError(response, 400, response.body?.resultCode);
      expectApprovedPayment(await client.post('/api/payment', request), { request, card: cards.world, transactionType: 'SALE' });
    });
  });

  describe.concurrent('DUPLICATE_ORDER', () => {
    test('a second successful sale with the same orderId answers 409 DUPLICATE_ORDER', async () => {
      const { request, body } = await sell(backend);
      expectError(await client.post('/api/payment', { ...request, amount: 99 }), 409, 'DUPLICATE_ORDER');
      expectError(await client.post('/api/payment', request), 409, 'DUPLICATE_ORDER');
      expect((await client.get(`/api/payment/${body.paymentId}`)).body).toEqual(body);
    });

    test('a pre-authorization with the orderId of a sale answers 409 DUPLICATE_ORDER', async () => {
      const { request } = await sell(backend);
      expectError(await client.post('/api/pre-authorization', request), 409, 'DUPLICATE_ORDER');
    });

    test('a sale with the orderId of a pre-authorization answers 409 DUPLICATE_ORDER', async () => {
      const { request } = await preAuthorize(backend);
      expectError(await client.post('/api/payment', request), 409, 'DUPLICATE_ORDER');
    });

    test('after a declined payment the same orderId may be retried, and then not again', async () => {
      const { request: declined } = await sell(backend, {}, cards.doNotHonor);
      await sell(backend, { orderId: declined.orderId }, cards.insufficientFunds);
      const { request: approved } = await sell(backend, { orderId: declined.orderId }, cards.world);
      expectError(await client.post('/api/payment', { ...approved, pan: cards.bonus.pan }), 409, 'DUPLICATE_ORDER');
    });

    test('a declined pre-authorization leaves its orderId free for a sale', async () => {
      const { request } = await preAuthorize(backend, {}, cards.expiredCard);
      await sell(backend, { orderId: request.orderId });
    });

    test('orderIds are scoped to the merchant: merchant B may use merchant A\'s orderId', async () => {
      const { request } = await sell(backend);
      await sell(backend, { orderId: request.orderId }, cards.world, backend.merchants.b);
    });
  });
});
