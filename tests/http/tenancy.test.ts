// §1: objects belong to the merchant whose credentials created them.
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { api } from '../support/api';
import { expectError } from '../support/assertions';
import { cards } from '../support/cards';
import { forEachBackend } from '../support/context';
import { preAuthorize, sell } from '../support/flows';

forEachBackend((backend) => {
  const merchantA = api(backend, backend.merchants.a);
  const merchantB = api(backend, backend.merchants.b);

  describe.concurrent('tenant isolation', () => {
    test("merchant B gets 404 for merchant A's payment, which A still sees", async () => {
      const { body } = await sell(backend);
      expectError(await merchantB.get(`/api/payment/${body.paymentId}`), 404, 'NOT_FOUND');
      const own = await merchantA.get(`/api/payment/${body.paymentId}`);
      expect(own.status, own.text).toBe(200);
      expect(own.body.paymentId).toBe(body.paymentId);
    });

    test("merchant B gets 404 for merchant A's declined payment", async () => {
      const { body } = await sell(backend, {}, cards.doNotHonor);
      expectError(await merchantB.get(`/api/payment/${body.paymentId}`), 404, 'NOT_FOUND');
    });

    test("another merchant's payment answers exactly like an unknown one", async () => {
      const { body } = await sell(backend);
      const foreign = await merchantB.get(`/api/payment/${body.paymentId}`);
      const unknown = await merchantB.get(`/api/payment/${randomUUID()}`);
      expect([foreign.status, foreign.body?.resultCode]).toEqual([unknown.status, unknown.body?.resultCode]);
      expect(foreign.status).toBe(404);
    });

    test("merchant B cannot capture merchant A's pre-authorization", async () => {
      const { paymentId } = await preAuthorize(backend, { amount: 80 });
      expectError(await merchantB.post(`/api/pre-authorization/${paymentId}/capture`, { amount: 80, currency: 'TRY' }), 404, 'NOT_FOUND');
      const own = await merchantA.get(`/api/payment/${paymentId}`);
      expect([null, 0]).toContain(own.body.capturedAmount);
    });
  });
});
