// Concurrency: races live in SQL, so N simultaneous requests must still obey the one-of rules.
import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import { api } from '../support/api';
import { forEachBackend } from '../support/context';
import { preAuthorize } from '../support/flows';
import { paymentRequest } from '../support/requests';

const CONCURRENCY = 20;

forEachBackend((backend) => {
  const client = api(backend);

  test('20 concurrent captures of one pre-authorization: exactly one 200, the rest 409 INVALID_STATE', async () => {
    const { paymentId } = await preAuthorize(backend, { amount: 100 });
    const amounts = Array.from({ length: CONCURRENCY }, (_, i) => 50 + i);
    const responses = await Promise.all(
      amounts.map((amount) => client.post(`/api/pre-authorization/${paymentId}/capture`, { amount, currency: 'TRY' })),
    );
    const statuses = responses.map((response) => response.status);
    const winners = responses.filter((response) => response.status === 200);
    expect(winners, `statuses: ${statuses.join(',')}`).toHaveLength(1);
    const losers = responses.filter((response) => response.status !== 200);
    expect(losers.map((response) => [response.status, response.body?.resultCode])).toEqual(
      Array(CONCURRENCY - 1).fill([409, 'INVALID_STATE']),
    );
    const captured = winners[0].body.capturedAmount;
    expect(amounts).toContain(captured);
    expect(captured).toBeLessThanOrEqual(100);
    const fetched = await client.get(`/api/payment/${paymentId}`);
    expect(fetched.body).toMatchObject({ capturedAmount: captured, authorizedAmount: 100 });
  });

  test('20 concurrent identical requests with one Idempotency-Key create one payment', async () => {
    const request = paymentRequest();
    const idempotencyKey = `race-${randomUUID()}`;
    const responses = await Promise.all(
      Array.from({ length: CONCURRENCY }, () => client.post('/api/payment', request, { idempotencyKey })),
    );
    const outcomes = responses.map((response) => `${response.status} ${response.body?.resultCode}`);
    for (const response of responses) {
      expect(
        (response.status === 200 && response.body?.status === 'SUCCESS') ||
          (response.status === 409 && response.body?.resultCode === 'REQUEST_IN_PROGRESS'),
        `outcomes: ${outcomes.join(', ')}`,
      ).toBe(true);
    }
    const paymentIds = new Set(responses.filter((response) => response.status === 200).map((response) => response.body.paymentId));
    expect(paymentIds.size, `outcomes: ${outcomes.join(', ')}`).toBe(1);

    const [paymentId] = paymentIds;
    const replay = await client.post('/api/payment', request, { idempotencyKey });
    expect(replay.status, replay.text).toBe(200);
    expect(replay.body.paymentId).toBe(paymentId);
    const again = await client.post('/api/payment', request);
    expect(again.status, 'the orderId is taken by exactly that payment').toBe(409);
    expect(again.body.resultCode).toBe('DUPLICATE_ORDER');
  });

  test('20 concurrent sales with one orderId: exactly one SUCCESS, the rest 409 DUPLICATE_ORDER', async () => {
    const orderId = `ORD-${randomUUID()}`;
    const responses = await Promise.all(
      Array.from({ length: CONCURRENCY }, () => client.post('/api/payment', paymentRequest({ orderId }))),
    );
    const outcomes = responses.map((response) => `${response.status} ${response.body?.status ?? response.body?.resultCode}`);
    expect(responses.filter((response) => response.status === 200 && response.body.status === 'SUCCESS'), outcomes.join(', ')).toHaveLength(1);
    expect(
      responses.filter((response) => response.status === 409 && response.body.resultCode === 'DUPLICATE_ORDER'),
      outcomes.join(', '),
    ).toHaveLength(CONCURRENCY - 1);
  });
});
