// Valid requests with known fields broken (missing, wrong type, hostile text, §2 near misses; several at
// once, with unknown members alongside) answer 400 naming the broken fields and nothing else; framing
// faults (content type, size, malformed JSON, credentials, Idempotency-Key, method) answer their 4xx.
// All of it for one merchant whose rows (payments, checkouts, idempotency_keys, …) are counted before
// and after on PostgreSQL: a rejected request writes nothing.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { safeParseRequest } from '@/lib/schemas/common';
import { beforeAll, expect, test } from 'vitest';
import { api, uniqueClientIp } from '../support/api';
import { expectApprovedPayment } from '../support/assertions';
import { cards } from '../support/cards';
import { forEachBackend, type MerchantCredentials } from '../support/context';
import { paymentRequest } from '../support/requests';
import { threeDsRequest } from '../support/three-ds';
import { captureRequestSchema } from '@/lib/schemas/payment';
import { cancelRequestSchema, refundRequestSchema } from '@/lib/schemas/refund';
import { checkProperty, PROPERTY_TIMEOUT_MS } from './support/budget';
import { countRows, dedicatedMerchant, send, throwawayClientIp } from './support/client';
import { describeSent, expectContractAnswer, expectFieldRejection, expectRejection } from './support/contract';
import { byteLength, parsed, toJsonText, type Fields } from './support/json';
import {
  allowedFields,
  applyBreaker,
  breakers,
  expiredCard,
  extraMembers,
  fieldBreaker,
  fieldSpecs,
  fresh,
  schemas,
  validCheckout,
  validInstallmentOptions,
  validPayment,
  validThreeDs,
  wrongCvvLength,
  type Breaker,
} from './support/requests';
import { hostileString, money } from './support/values';

const MAX_BODY = 64 * 1024;

/** An Idempotency-Key on some rejected requests: a key must not stay claimed by a request that failed. */
const maybeKey = fc.option(fc.constant(null), { nil: undefined, freq: 2 }).map((chosen) => (chosen === null ? `fuzz-${randomBytes(9).toString('base64url')}` : undefined));

/** The whole request as the server will see it, and the answer the contract requires of it. */
function expectBrokenRequest(response: Parameters<typeof expectContractAnswer>[0], sent: Parameters<typeof expectContractAnswer>[1], breaker: Breaker) {
  if (byteLength(sent.body ?? '') > MAX_BODY) return expectRejection(response, sent, 413, 'PAYLOAD_TOO_LARGE');
  // A broken key field may be reported through its dependent (JPY, not enabled, with 100.50 is refused
  // as an amount with too many decimals for JPY): naming either is accepted, naming an unrelated field is not.
  const allowed = allowedFields(breaker.broken);
  return expectFieldRejection(response, sent, allowed, allowed);
}

/** A card number (cards.ts) that allows no installments, with an installment count: not one of its options (§5). */
const installmentsNotOffered: fc.Arbitrary<Breaker> = fc
  .record({ card: fc.constantFrom(cards.mastercardDebit, cards.troyDebit, cards.visaInternational, cards.amex), count: fc.integer({ min: 2, max: 12 }) })
  .map(({ card, count }) => ({ set: { pan: card.pan, cvv: card.cvv, installmentCount: count }, broken: ['installmentCount'] }));

forEachBackend((backend) => {
  let merchant: MerchantCredentials;
  let clientIp: string;
  let before: Record<string, number> | undefined;
  /** An open pre-authorization of 100.00 TRY and an enrolled 3-D Secure payment, targets of capture and complete. */
  let preAuthId: string;
  let enrolledId: string;
  /** A declined sale: every refund or cancel the schema accepts is refused by the state rules, writing nothing. */
  let declinedId: string;

  beforeAll(async () => {
    merchant = await dedicatedMerchant(backend, 'rejections', backend.merchants.b);
    clientIp = uniqueClientIp();
    const preAuth = paymentRequest({ amount: 100 });
    const authorized = await send(backend, merchant, { path: '/api/pre-authorization', body: preAuth, clientIp });
    preAuthId = expectApprovedPayment(authorized.response, { request: preAuth, card: cards.world, transactionType: 'PRE_AUTHORIZATION' }).paymentId;
    const enrollment = await send(backend, merchant, { path: '/api/3ds', body: threeDsRequest(), clientIp });
    expect(enrollment.response.status, enrollment.response.text).toBe(200);
    enrolledId = enrollment.response.body.paymentId;
    const declined = await send(backend, merchant, { path: '/api/payment', body: paymentRequest({ amount: 100 }, cards.doNotHonor), clientIp });
    expect(declined.response.body?.status, declined.response.text).toBe('FAILED');
    declinedId = declined.response.body.paymentId;
    before = await countRows(backend, merchant.merchantId);
  }, 120_000);

  type Case = { path: string; body: Fields; breaker: Breaker };
  const rejectionProperty = (name: Parameters<typeof checkProperty>[0], cases: fc.Arbitrary<Case>) => { test(name, async () => {
      await checkProperty(
        name,
        backend,
        fc.asyncProperty(cases, extraMembers, maybeKey, async ({ path, body, breaker }, extra, idempotencyKey) => {
          const request = applyBreaker(fresh(body), breaker, extra);
          const { response, sent } = await send(backend, merchant, { path, body: request, idempotencyKey, clientIp });
          expectBrokenRequest(response, sent, breaker);
        }),
      );
    }, PROPERTY_TIMEOUT_MS); };
  const at = (path: string, cases: fc.Arbitrary<Omit<Case, 'path'>>): fc.Arbitrary<Case> => cases.map((value) => ({ path, ...value }));

  rejectionProperty(
    'POST /api/payment and /api/pre-authorization: broken fields answer 400 naming them',
    fc.constantFrom('/api/payment', '/api/pre-authorization').chain((path) =>
      at(
        path,
        validPayment.chain(({ body, card }) =>
          breakers(schemas.payment, [expiredCard, wrongCvvLength(cards[card].scheme === 'AMEX')]).map((breaker) => ({ body, breaker })),
        ),
      ),
    ),
  );

  rejectionProperty(
    'POST /api/3ds: broken fields answer 400 naming them',
    at('/api/3ds', validThreeDs.chain(({ body, card }) =>
      breakers(schemas.threeDs, [expiredCard, wrongCvvLength(cards[card].scheme === 'AMEX'), installmentsNotOffered]).map((breaker) => ({ body, breaker })),
    )),
  );

  rejectionProperty(
    'POST /api/checkout: broken fields answer 400 naming them',
    at('/api/checkout', validCheckout.chain((body) => breakers(schemas.checkout).map((breaker) => ({ body, breaker })))),
  );

  // `pan` may be a BIN here: a 6–8 digit value is no breaker.
  const optionSpecs = fieldSpecs(schemas.installmentOptions);
  const optionBreakers = fc
    .uniqueArray(
      fc.oneof(
        ...Object.entries(optionSpecs).map(([field, spec]) =>
          fieldBreaker(field, spec).filter((breaker) => !(field === 'pan' && typeof breaker.set.pan === 'string' && /^\d{6,8}$/.test(breaker.set.pan))),
        ),
      ),
      { minLength: 1, maxLength: 3, selector: (breaker) => breaker.broken.join() },
    )
    .map((list) => ({ set: Object.assign({}, ...list.map((breaker) => breaker.set)), broken: list.flatMap((breaker) => breaker.broken) }));
  rejectionProperty(
    'POST /api/installment-options: broken fields answer 400 naming them',
    at('/api/installment-options', validInstallmentOptions.chain(({ body }) => optionBreakers.map((breaker) => ({ body, breaker })))),
  );

  test('POST /api/pre-authorization/{id}/capture: broken fields answer 400 naming them', async () => {
    const cases = fc.record({ money: money.filter(({ minor }) => minor <= 10_000), breaker: breakers(schemas.capture), extra: extraMembers, idempotencyKey: maybeKey });
    await checkProperty(
      'POST /api/pre-authorization/{id}/capture: broken fields answer 400 naming them',
      backend,
      fc.asyncProperty(cases, async ({ money: { amount, currency }, breaker, extra, idempotencyKey }) => {
        const body = applyBreaker({ amount, currency }, breaker, extra);
        const { response, sent } = await send(backend, merchant, { path: `/api/pre-authorization/${preAuthId}/capture`, body, idempotencyKey, clientIp });
        // A body the schema accepts (a real ISO code that is not the pre-authorization's, an amount
        // above it) is refused by the capture rules instead: 409, or 400 naming the field.
        if (safeParseRequest(captureRequestSchema, parsed(body)).success && byteLength(sent.body ?? '') <= MAX_BODY) {
          const fields = expectContractAnswer(response, sent);
          expect([400, 409], `${describeSent(sent)}\n→ ${response.status} ${response.text}`).toContain(response.status);
          if (response.status === 409) expect(['CURRENCY_MISMATCH', 'AMOUNT_EXCEEDS_AUTHORIZED']).toContain(response.body.resultCode);
          else expect(fields.every((field) => ['amount', 'currency'].includes(field)), response.text).toBe(true);
          return;
        }
        expectBrokenRequest(response, sent, breaker);
      }),
    );
  }, PROPERTY_TIMEOUT_MS);

  test('POST /api/payment/{id}/refund and /cancel: broken fields answer 400 naming them; valid ones the state rules', async () => {
    const name = 'POST /api/payment/{id}/refund and /cancel: broken fields answer 400 naming them; valid ones the state rules';
    const refundCase = fc
      .record({ money: money.filter(({ minor }) => minor <= 10_000), reference: fc.option(fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/), { nil: undefined }) })
      .chain(({ money: { amount, currency }, reference }) =>
        breakers(schemas.refund).map((breaker) => ({ kind: 'refund' as const, body: { amount, currency, ...(reference ? { reference } : {}) }, breaker })),
      );
    const cancelCase = breakers(schemas.cancel).map((breaker) => ({ kind: 'cancel' as const, body: { reason: 'changed my mind' }, breaker }));
    await checkProperty(
      name,
      backend,
      fc.asyncProperty(fc.oneof(refundCase, cancelCase), extraMembers, maybeKey, async ({ kind, body: valid, breaker }, extra, idempotencyKey) => {
        const body = applyBreaker(valid, breaker, extra);
        const { response, sent } = await send(backend, merchant, { path: `/api/payment/${declinedId}/${kind}`, body, idempotencyKey, clientIp });
        const schema = kind === 'refund' ? refundRequestSchema : cancelRequestSchema;
        if (safeParseRequest(schema, parsed(body)).success && byteLength(sent.body ?? '') <= MAX_BODY) {
          // What the schema accepts is refused by the rules: the payment was declined, nothing moved.
          expectRejection(response, sent, 409, 'INVALID_STATE');
          return;
        }
        expectBrokenRequest(response, sent, breaker);
      }),
    );
  }, PROPERTY_TIMEOUT_MS);

  test('POST /api/3ds/{id}/complete: any key but the issued one answers 400 naming securityKey', async () => {
    const spec = fieldSpecs(schemas.complete).securityKey;
    const key = fc.oneof(
      fieldBreaker('securityKey', spec).map((breaker) => breaker.set.securityKey),
      hostileString.filter((text) => text.length >= 1 && text.length <= 256),
      fc.base64String({ minLength: 4, maxLength: 64 }),
    );
    await checkProperty(
      'POST /api/3ds/{id}/complete: any key but the issued one answers 400 naming securityKey',
      backend,
      fc.asyncProperty(key, extraMembers, maybeKey, async (securityKey, extra, idempotencyKey) => {
        const body = applyBreaker({ securityKey }, { set: {}, broken: [] }, extra);
        if (securityKey === undefined) delete body.securityKey;
        const { response, sent } = await send(backend, merchant, { path: `/api/3ds/${enrolledId}/complete`, body, idempotencyKey, clientIp });
        expectFieldRejection(response, sent, ['securityKey'], ['securityKey']);
      }),
    );
  }, PROPERTY_TIMEOUT_MS);

  test('framing: content type, size, malformed JSON, credentials and Idempotency-Key answer their 4xx', async () => {
    const endpoints = () => [
      { path: '/api/payment', body: () => paymentRequest() as unknown as Fields },
      { path: '/api/pre-authorization', body: () => paymentRequest() as unknown as Fields },
      { path: '/api/3ds', body: () => threeDsRequest() as unknown as Fields },
      { path: '/api/checkout', body: () => ({ orderId: `ORD-${randomBytes(8).toString('hex')}`, amount: 10, currency: 'TRY', callback: 'https://shop.example/cb' }) },
      { path: '/api/installment-options', body: () => ({ amount: 10, currency: 'TRY', pan: '54211901' }) },
      { path: `/api/pre-authorization/${preAuthId}/capture`, body: () => ({ amount: 1, currency: 'TRY' }) },
      { path: `/api/3ds/${enrolledId}/complete`, body: () => ({ securityKey: randomBytes(16).toString('base64url') }) },
      { path: `/api/payment/${declinedId}/refund`, body: () => ({ amount: 1, currency: 'TRY' }) },
      // A body with a member: `{}` has no quote or key for the single-quote and unquoted-key faults to break.
      { path: `/api/payment/${declinedId}/cancel`, body: () => ({ reason: 'fuzz' }) },
    ];
    const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 60 });
    const fault = fc.oneof(
      fc
        .oneof(
          fc.constantFrom(null, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/json-patch+json', 'text/json', 'application/javascript', 'json', '*/*', 'application/*'),
          printable.filter((type) => !/^\s*application\/json\s*(;|$)/i.test(type)),
        )
        .map((type) => ({ kind: 'content-type' as const, type })),
      fc.integer({ min: MAX_BODY + 1, max: 3 * MAX_BODY }).map((size) => ({ kind: 'size' as const, size })),
      fc
        .constantFrom('truncated', 'trailing', 'single-quotes', 'comment', 'nan', 'empty', 'invalid-utf8', 'two-values', 'unquoted-key', 'trailing-comma')
        .map((how) => ({ kind: 'malformed' as const, how })),
      fc
        .oneof(
          fc.constantFrom('no-key', 'no-secret', 'none', 'wrong-secret', 'swapped', 'other-merchant-key', 'padded-key'),
          printable.map((secret) => `secret:${secret}`),
        )
        .map((how) => ({ kind: 'credentials' as const, how })),
      fc.oneof(fc.constant(''), fc.integer({ min: 256, max: 2_000 }).map((length) => 'k'.repeat(length))).map((key) => ({ kind: 'idempotency-key' as const, key })),
      fc.constantFrom('GET', 'PUT', 'PATCH', 'DELETE').map((method) => ({ kind: 'method' as const, method: method })),
    );
    await checkProperty(
      'framing: content type, size, malformed JSON, credentials and Idempotency-Key answer their 4xx',
      backend,
      fc.asyncProperty(fc.nat(), fault, async (pick, fault) => {
        const list = endpoints();
        const endpoint = list[pick % list.length];
        const text = toJsonText(endpoint.body());
        const path = endpoint.path;
        if (fault.kind === 'content-type') {
          const { response, sent } = await send(backend, merchant, { path, rawBody: text, headers: { 'content-type': fault.type }, clientIp });
          const fields = expectRejection(response, sent, 415, 'UNSUPPORTED_MEDIA_TYPE');
          expect(fields).toContain('Content-Type');
        } else if (fault.kind === 'size') {
          // The request itself is valid: only its size (an ignored member) breaks the limit.
          const padded = `${text.slice(0, -1)},"padding":"${'p'.repeat(Math.max(0, fault.size - text.length - 13))}"}`;
          expect(byteLength(padded)).toBeGreaterThan(MAX_BODY);
          const { response, sent } = await send(backend, merchant, { path, rawBody: padded, clientIp });
          const fields = expectRejection(response, sent, 413, 'PAYLOAD_TOO_LARGE');
          expect(fields).toEqual(['body']);
        } else if (fault.kind === 'malformed') {
          const bodies: Record<typeof fault.how, string | Uint8Array> = {
            truncated: text.slice(0, Math.max(1, text.length - 1 - (pick % 20))),
            trailing: `${text}x`,
            'single-quotes': text.replace(/"/g, "'"),
            comment: `/* c */${text}`,
            nan: `${text.slice(0, -1)},"x":NaN}`,
            empty: '',
            'invalid-utf8': Uint8Array.from([...Buffer.from(text.slice(0, 20)), 0xff, 0xfe, ...Buffer.from(text.slice(20))]),
            'two-values': `${text} ${text}`,
            'unquoted-key': text.replace(/"([A-Za-z]+)":/, '$1:'),
            'trailing-comma': `${text.slice(0, -1)},}`,
          };
          const rawBody = bodies[fault.how];
          // A fault that leaves valid JSON would test nothing: catch it here rather than as a wrong answer.
          if (typeof rawBody === 'string') expect(() => JSON.parse(rawBody), `${fault.how} left valid JSON: ${rawBody}`).toThrow();
          const { response, sent } = await send(backend, merchant, { path, rawBody, clientIp });
          const fields = expectRejection(response, sent, 400, 'MALFORMED_JSON');
          expect(fields).toEqual(['body']);
        } else if (fault.kind === 'credentials') {
          const other = backend.merchants.a;
          const credentials: Record<string, Partial<MerchantCredentials> | null> = {
            'no-key': { apiSecret: merchant.apiSecret },
            'no-secret': { apiKey: merchant.apiKey },
            none: null,
            'wrong-secret': { apiKey: merchant.apiKey, apiSecret: `${merchant.apiSecret.slice(0, -1)}x` },
            swapped: { apiKey: merchant.apiSecret, apiSecret: merchant.apiKey },
            'other-merchant-key': { apiKey: other.apiKey, apiSecret: merchant.apiSecret },
            'padded-key': { apiKey: `${merchant.apiKey}\t`, apiSecret: `${merchant.apiSecret}x` },
          };
          const given = fault.how.startsWith('secret:') ? { apiKey: merchant.apiKey, apiSecret: fault.how.slice('secret:'.length) } : credentials[fault.how]!;
          const { response, sent } = await send(backend, given, { path, rawBody: text, clientIp: throwawayClientIp() });
          const fields = expectRejection(response, sent, 401, 'UNAUTHORIZED');
          expect(fields).toContain('X-API-KEY');
        } else if (fault.kind === 'idempotency-key') {
          const { response, sent } = await send(backend, merchant, { path, rawBody: text, idempotencyKey: fault.key, clientIp });
          const fields = expectRejection(response, sent, 400);
          expect(fields).toContain('Idempotency-Key');
        } else {
          const { response, sent } = await send(backend, merchant, { method: fault.method, path, rawBody: fault.method === 'GET' ? undefined : text, clientIp });
          expectRejection(response, sent, 405, 'METHOD_NOT_ALLOWED');
        }
      }),
    );
  }, PROPERTY_TIMEOUT_MS);

  test('no row was written for any rejected request, and the capture target is still capturable', async () => {
    if (before) {
      // Five wrong securityKeys fail the enrolled payment (reference §5): that state change is
      // announced by one payment.failed event, the only row a run of rejections may add.
      const enrolled = await api(backend, merchant).get(`/api/payment/${enrolledId}`);
      const failedByWrongKeys = enrolled.body?.status === 'FAILED' && enrolled.body?.resultCode === 'THREE_DS_KEY_ATTEMPTS_EXCEEDED';
      // A table the merchant has no rows in may be missing from the counts, whatever the Record type says.
      const counted: Partial<Record<string, number>> = before;
      const expected = { ...before, events: (counted.events ?? 0) + (failedByWrongKeys ? 1 : 0) };
      expect(await countRows(backend, merchant.merchantId), `rows of the rejections merchant after every rejected request`).toEqual(expected);
    }
    const capture = await send(backend, merchant, { path: `/api/pre-authorization/${preAuthId}/capture`, body: { amount: 100, currency: 'TRY' }, clientIp });
    expect(capture.response.status, capture.response.text).toBe(200);
  });
});
