// Free-text fields (cardHolderName, customerId, description) within their length rules, holding any
// Unicode: control characters, NUL, lone surrogates, bidi and zero-width marks. §2 only bounds their
// length, so the server may store them (200) or refuse them naming the field (400); never a 5xx, and
// what it accepts is what it stores (GET reads back the value sent).
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { uniqueClientIp } from '../support/api';
import { cards } from '../support/cards';
import { forEachBackend } from '../support/context';
import { checkProperty, PROPERTY_TIMEOUT_MS } from './support/budget';
import { send } from './support/client';
import { describeSent, expectContractAnswer } from './support/contract';
import { fresh, validCheckout, validPayment, validThreeDs } from './support/requests';
import { anyChar, auditSafe, contractAllows } from './support/values';

const text = (field: string, maxLength: number) =>
  fc.string({ unit: anyChar, minLength: field === 'cardHolderName' ? 2 : 0, maxLength }).filter((value) => contractAllows(field, value) && auditSafe(value));

const cases = fc.oneof(
  fc.record({
    path: fc.constantFrom('/api/payment', '/api/pre-authorization'),
    base: validPayment.filter(({ card }) => cards[card].outcome === 'APPROVED').map(({ body }) => body),
    field: fc.constantFrom('cardHolderName', 'customerId'),
    value: fc.oneof(text('cardHolderName', 100), text('customerId', 64)),
  }),
  fc.record({
    path: fc.constant('/api/3ds'),
    base: validThreeDs.map(({ body }) => body),
    field: fc.constantFrom('cardHolderName', 'customerId'),
    value: fc.oneof(text('cardHolderName', 100), text('customerId', 64)),
  }),
  fc.record({
    path: fc.constant('/api/checkout'),
    base: validCheckout,
    field: fc.constantFrom('description', 'customerId'),
    value: fc.oneof(text('description', 500), text('customerId', 64)),
  }),
).filter(({ field, value }) => contractAllows(field, value));

forEachBackend((backend) => {
  test('free-text fields with any Unicode (controls, NUL, surrogates, RTL) never answer 5xx', async () => {
    const clientIp = uniqueClientIp();
    await checkProperty(
      'free-text fields with any Unicode (controls, NUL, surrogates, RTL) never answer 5xx',
      backend,
      fc.asyncProperty(cases, async ({ path, base, field, value }) => {
        const body = { ...fresh(base), [field]: value };
        const { response, sent } = await send(backend, backend.merchants.a, { path, body, clientIp });
        const fields = expectContractAnswer(response, sent);
        const context = `${describeSent(sent)}\n→ HTTP ${response.status} ${response.text.slice(0, 400)}`;
        expect([200, 400], `neither accepted nor refused\n${context}`).toContain(response.status);
        if (response.status === 400) {
          expect(response.body.resultCode, context).toBe('VALIDATION_ERROR');
          expect(fields, `a refusal names only ${field}\n${context}`).toEqual([field]);
          return;
        }
        // Accepted: what is stored (read back by GET) is what was sent (cardHolderName trimmed).
        if (field === 'description') return;
        const expected = field === 'cardHolderName' ? value.trim() : value;
        const id = path === '/api/checkout' ? `checkout/${response.body.checkoutId}` : `payment/${response.body.paymentId}`;
        const stored = await send(backend, backend.merchants.a, { method: 'GET', path: `/api/${id}`, clientIp });
        expect(stored.response.status, describeSent(stored.sent)).toBe(200);
        expect(stored.response.body[field], `GET /api/${id} holds another ${field} than was accepted\n${context}`).toBe(expected);
      }),
    );
  }, PROPERTY_TIMEOUT_MS);
});
