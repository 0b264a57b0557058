// Hostile requests: any JSON value, objects of the endpoint's field names (repeated, nested, shadowing
// Object.prototype) with hostile values, deep nesting, random text and bytes, on every POST endpoint;
// wrong ids on every {id} endpoint; captures in the wrong state. Never a 5xx, always the exact 4xx with
// the §3 error body, and (one merchant, rows counted on PostgreSQL) nothing written.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { safeParseRequest } from '@/lib/schemas/common';
import { beforeAll, expect, test } from 'vitest';
import { uniqueClientIp } from '../support/api';
import { expectApprovedPayment, expectDeclinedPayment } from '../support/assertions';
import { cards } from '../support/cards';
import { forEachBackend, type MerchantCredentials } from '../support/context';
import { checkoutRequest, paymentRequest } from '../support/requests';
import { threeDsRequest } from '../support/three-ds';
import { checkProperty, PROPERTY_TIMEOUT_MS } from './support/budget';
import { countRows, dedicatedMerchant, send } from './support/client';
import { describeSent, expectContractAnswer, expectFieldRejection, expectRejection } from './support/contract';
import { JsonObject, toJsonText } from './support/json';
import { allowedFields, fieldSpecs, schemas } from './support/requests';
import { deeplyNested, hostileJson, hostileString, lengthyObject, money, nastyStrings } from './support/values';

const MAX_BODY = 64 * 1024;

type Schema = (typeof schemas)[keyof typeof schemas];

/** What the server reads from raw bytes: UTF-8 (fatal, BOM dropped) then JSON.parse; undefined if either fails. */
function serverParse(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch {
    return { ok: false };
  }
}

/** Bodies of every kind, built around the endpoint's own field names so that they reach its schema. */
function hostileBody(schema: Schema): fc.Arbitrary<unknown> {
  const names = Object.keys(fieldSpecs(schema));
  const member = fc.tuple(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', '') }), hostileJson);
  return fc.oneof(
    { weight: 2, arbitrary: hostileJson },
    { weight: 4, arbitrary: fc.array(member, { maxLength: 8 }).map((entries) => new JsonObject(entries)) },
    { weight: 1, arbitrary: deeplyNested },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }).filter((text) => !/\d{3}/.test(text)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 120 }) },
  );
}

const endpoints = ['/api/payment', '/api/pre-authorization', '/api/3ds', '/api/checkout', '/api/installment-options', 'capture', 'complete', 'refund', 'cancel'] as const;

forEachBackend((backend) => {
  let merchant: MerchantCredentials;
  let clientIp: string;
  let before: Record<string, number> | undefined;
  const own = {} as Record<'openPreAuth' | 'sale' | 'failedPreAuth' | 'capturedPreAuth' | 'enrolled' | 'checkout', string>;
  const foreign = {} as Record<'preAuth' | 'enrolled' | 'checkout', string>;

  beforeAll(async () => {
    merchant = await dedicatedMerchant(backend, 'hostile', backend.merchants.b);
    clientIp = uniqueClientIp();
    const pay = async (path: string, card: (typeof cards)[keyof typeof cards], who: MerchantCredentials) => {
      const request = paymentRequest({ amount: 100 }, card);
      const { response } = await send(backend, who, { path, body: request, clientIp });
      const expectation = { request, card, transactionType: path === '/api/payment' ? 'SALE' : 'PRE_AUTHORIZATION' } as const;
      return (card.outcome === 'APPROVED' ? expectApprovedPayment(response, expectation) : expectDeclinedPayment(response, expectation)).paymentId as string;
    };
    const enroll = async (who: MerchantCredentials) => {
      const { response } = await send(backend, who, { path: '/api/3ds', body: threeDsRequest(), clientIp });
      expect(response.status, response.text).toBe(200);
      return response.body.paymentId as string;
    };
    const checkout = async (who: MerchantCredentials) => {
      const { response } = await send(backend, who, { path: '/api/checkout', body: checkoutRequest(), clientIp });
      expect(response.status, response.text).toBe(200);
      return response.body.checkoutId as string;
    };
    own.openPreAuth = await pay('/api/pre-authorization', cards.world, merchant);
    own.sale = await pay('/api/payment', cards.world, merchant);
    own.failedPreAuth = await pay('/api/pre-authorization', cards.doNotHonor, merchant);
    own.capturedPreAuth = await pay('/api/pre-authorization', cards.world, merchant);
    const captured = await send(backend, merchant, { path: `/api/pre-authorization/${own.capturedPreAuth}/capture`, body: { amount: 100, currency: 'TRY' }, clientIp });
    expect(captured.response.status, captured.response.text).toBe(200);
    own.enrolled = await enroll(merchant);
    own.checkout = await checkout(merchant);
    foreign.preAuth = await pay('/api/pre-authorization', cards.world, backend.merchants.a);
    foreign.enrolled = await enroll(backend.merchants.a);
    foreign.checkout = await checkout(backend.merchants.a);
    before = await countRows(backend, merchant.merchantId);
  }, 120_000);

  const pathOf = (endpoint: (typeof endpoints)[number]) => {
    if (endpoint === 'capture') return `/api/pre-authorization/${own.openPreAuth}/capture`;
    if (endpoint === 'complete') return `/api/3ds/${own.enrolled}/complete`;
    // A declined payment: should a body ever pass, the state rules refuse it and nothing moves.
    if (endpoint === 'refund' || endpoint === 'cancel') return `/api/payment/${own.failedPreAuth}/${endpoint}`;
    return endpoint;
  };
  const schemaOf = (endpoint: (typeof endpoints)[number]): Schema =>
    ({
      '/api/payment': schemas.payment,
      '/api/pre-authorization': schemas.payment,
      '/api/3ds': schemas.threeDs,
      '/api/checkout': schemas.checkout,
      '/api/installment-options': schemas.installmentOptions,
      capture: schemas.capture,
      complete: schemas.complete,
      refund: schemas.refund,
      cancel: schemas.cancel,
    })[endpoint];

  test('hostile bodies on every POST endpoint answer a 4xx with the error body, never 5xx', async () => {
    const cases = fc.constantFrom(...endpoints).chain((endpoint) => hostileBody(schemaOf(endpoint)).map((body) => ({ endpoint, body })));
    await checkProperty(
      'hostile bodies on every POST endpoint answer a 4xx with the error body, never 5xx',
      backend,
      fc.asyncProperty(cases, async ({ endpoint, body }) => {
        const bytes = body instanceof Uint8Array ? body : Buffer.from(typeof body === 'string' ? body : toJsonText(body), 'utf8');
        const seen = serverParse(bytes);
        // Hostile generators do not make valid requests; should one ever, it is no rejection to check.
        // Parsed as the server parses (safeParseRequest): zod alone throws on some hostile objects.
        fc.pre(!(seen.ok && safeParseRequest(schemaOf(endpoint), seen.value).success));
        const rawBody = body instanceof Uint8Array ? body : typeof body === 'string' ? body : toJsonText(body);
        const { response, sent } = await send(backend, merchant, { path: pathOf(endpoint), rawBody, clientIp });
        if (bytes.byteLength > MAX_BODY) {
          expectRejection(response, sent, 413, 'PAYLOAD_TOO_LARGE');
        } else if (!seen.ok) {
          expect(expectRejection(response, sent, 400, 'MALFORMED_JSON')).toEqual(['body']);
        } else {
          const fields = expectRejection(response, sent, 400, 'VALIDATION_ERROR');
          const known = [...Object.keys(fieldSpecs(schemaOf(endpoint))), 'body'];
          expect(fields.filter((field) => !known.includes(field)), `errors[] names no field of the request\n${describeSent(sent)}\n→ ${response.text.slice(0, 500)}`).toEqual([]);
        }
      }),
    );
  }, PROPERTY_TIMEOUT_MS);

  test('wrong ids on every {id} endpoint answer 404 naming the id', async () => {
    const randomId = fc.oneof(
      fc.uuid(),
      fc.uuid().map((id) => id.toUpperCase()),
      fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'null', 'undefined', '0', '-1', 'NaN', '%', '{}', '[]', '*'),
      fc.constantFrom(...nastyStrings),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }),
      hostileString.filter((text) => text.length <= 600),
      fc.tuple(fc.uuid(), fc.constantFrom('x', ' ', '/', '%00', '\u0000', '0', '.json', '?a=1', '#x')).map(([id, suffix]) => `${id}${suffix}`),
      fc.tuple(fc.constantFrom(' ', '0', 'x', '{', '\u200b'), fc.uuid()).map(([prefix, id]) => `${prefix}${id}`),
      fc.integer({ min: 100, max: 2_000 }).map((length) => 'a'.repeat(length)),
    );
    type IdCase = { endpoint: 'capture' | 'complete' | 'payment' | 'checkout' | 'refund' | 'cancel' | 'refunds'; id: { id?: string; ref?: string } };
    const cases: fc.Arbitrary<IdCase> = fc.oneof(
      fc.record({ endpoint: fc.constantFrom('capture', 'complete', 'payment', 'checkout', 'refund', 'cancel', 'refunds'), id: randomId.map((id) => ({ id })) }),
      // Real ids of another merchant, or of the wrong kind of object.
      fc.record({
        endpoint: fc.constantFrom('capture', 'complete', 'payment', 'refund', 'cancel', 'refunds'),
        id: fc.constantFrom('foreign.preAuth', 'foreign.enrolled', 'own.checkout', 'foreign.preAuth.upper').map((ref) => ({ ref })),
      }),
      fc.record({ endpoint: fc.constant('checkout'), id: fc.constantFrom('foreign.checkout', 'own.openPreAuth', 'own.sale', 'foreign.checkout.upper').map((ref) => ({ ref })) }),
      fc.record({ endpoint: fc.constant('complete'), id: fc.constantFrom('own.openPreAuth', 'own.sale').map((ref) => ({ ref })) }),
    );
    const resolve = (id: { id?: string; ref?: string }) => {
      if (id.id !== undefined) return id.id;
      const [owner, name, upper] = id.ref!.split('.');
      const value = (owner === 'own' ? own : foreign)[name as never] as string;
      return upper ? value.toUpperCase() : value;
    };
    await checkProperty(
      'wrong ids on every {id} endpoint answer 404 naming the id',
      backend,
      fc.asyncProperty(
        cases.filter(({ id }) => id.id === undefined || (id.id.isWellFormed() && !/^\.{1,2}$/.test(id.id) && id.id.length > 0)),
        async ({ endpoint, id }) => {
          const segment = encodeURIComponent(resolve(id));
          const { response, sent } =
            endpoint === 'capture'
              ? await send(backend, merchant, { path: `/api/pre-authorization/${segment}/capture`, body: { amount: 1, currency: 'TRY' }, clientIp })
              : endpoint === 'complete'
                ? await send(backend, merchant, { path: `/api/3ds/${segment}/complete`, body: { securityKey: randomBytes(16).toString('base64url') }, clientIp })
                : endpoint === 'refund' || endpoint === 'cancel'
                  ? await send(backend, merchant, { path: `/api/payment/${segment}/${endpoint}`, body: endpoint === 'refund' ? { amount: 1, currency: 'TRY' } : {}, clientIp })
                  : endpoint === 'refunds'
                    ? await send(backend, merchant, { method: 'GET', path: `/api/payment/${segment}/refunds`, clientIp })
                    : await send(backend, merchant, { method: 'GET', path: `/api/${endpoint}/${segment}`, clientIp });
          const fields = expectRejection(response, sent, 404, 'NOT_FOUND');
          expect(fields, `${describeSent(sent)}\n→ ${response.text}`).toEqual([endpoint === 'checkout' ? 'checkoutId' : 'paymentId']);
        },
      ),
    );
  }, PROPERTY_TIMEOUT_MS);

  test('captures in the wrong state, currency or amount answer 409', async () => {
    const cases = fc
      .record({ target: fc.constantFrom<'openPreAuth' | 'sale' | 'failedPreAuth' | 'capturedPreAuth' | 'enrolled'>('openPreAuth', 'sale', 'failedPreAuth', 'capturedPreAuth', 'enrolled'), money })
      .filter(({ target, money: { currency, minor } }) => !(target === 'openPreAuth' && currency === 'TRY' && minor <= 10_000));
    await checkProperty(
      'captures in the wrong state, currency or amount answer 409',
      backend,
      fc.asyncProperty(cases, async ({ target, money: { amount, currency, minor } }) => {
        const { response, sent } = await send(backend, merchant, { path: `/api/pre-authorization/${own[target]}/capture`, body: { amount, currency }, clientIp });
        const expected =
          target !== 'openPreAuth' ? ['INVALID_STATE'] : currency !== 'TRY' ? (minor > 10_000 ? ['CURRENCY_MISMATCH', 'AMOUNT_EXCEEDS_AUTHORIZED'] : ['CURRENCY_MISMATCH']) : ['AMOUNT_EXCEEDS_AUTHORIZED'];
        expectRejection(response, sent, 409);
        expect(expected, `${describeSent(sent)}\n→ ${response.text}`).toContain(response.body.resultCode);
      }),
    );
  }, PROPERTY_TIMEOUT_MS);

  test('string fields with a length rule given an object with a length member answer 400 naming the field', async () => {
    const bodies: Record<(typeof endpoints)[number], () => Record<string, unknown>> = {
      '/api/payment': () => ({ ...paymentRequest() }),
      '/api/pre-authorization': () => ({ ...paymentRequest() }),
      '/api/3ds': () => ({ ...threeDsRequest() }),
      '/api/checkout': () => ({ ...checkoutRequest(), description: 'd', customerId: 'c', returnUrl: 'https://shop.example/r' }),
      '/api/installment-options': () => ({ amount: 10, currency: 'TRY', pan: '54211901' }),
      capture: () => ({ amount: 1, currency: 'TRY' }),
      complete: () => ({ securityKey: randomBytes(16).toString('base64url') }),
      refund: () => ({ amount: 1, currency: 'TRY', reference: 'R-1', reason: 'r' }),
      cancel: () => ({ reason: 'r' }),
    };
    const lengthRuled = (endpoint: (typeof endpoints)[number]) =>
      Object.entries(fieldSpecs(schemaOf(endpoint))).filter(([, spec]) => spec.kind === 'string' && spec.lengthRule).map(([field]) => field);
    const cases = fc
      .constantFrom(...endpoints.filter((endpoint) => lengthRuled(endpoint).length > 0))
      .chain((endpoint) => fc.record({ endpoint: fc.constant(endpoint), field: fc.constantFrom(...lengthRuled(endpoint)), value: lengthyObject }));
    await checkProperty(
      'string fields with a length rule given an object with a length member answer 400 naming the field',
      backend,
      fc.asyncProperty(cases, async ({ endpoint, field, value }) => {
        const body = { ...bodies[endpoint](), [field]: value };
        const { response, sent } = await send(backend, merchant, { path: pathOf(endpoint), body, clientIp });
        expectFieldRejection(response, sent, allowedFields([field]), allowedFields([field]));
      }),
    );
  }, PROPERTY_TIMEOUT_MS);

  test('paths with malformed percent-encoding answer a 4xx, never 5xx', async () => {
    // A `%` not followed by two hex digits, or escapes that decode to no UTF-8, within an {id} segment.
    const badEscape = fc.oneof(
      fc.constantFrom('%', '%f', '%zz', '%ff', '%fe%ff', '%c0%af', '%e0%a4%a', '%ed%a0%80', '%uD800', '%%', '%0', '%-1'),
      fc.integer({ min: 0x80, max: 0xff }).map((byte) => `%${byte.toString(16)}`),
    );
    const segment = fc
      .tuple(fc.oneof(fc.constant(''), fc.uuid(), fc.string({ unit: fc.constantFrom(...Array.from('abc0123-_')), maxLength: 8 })), badEscape, fc.constantFrom('', 'x', '0', '%20'))
      .map(([before, escape, after]) => `${before}${escape}${after}`);
    const cases = fc.record({ where: fc.constantFrom('capture', 'complete', 'payment', 'checkout', 'unknown', 'page'), segment });
    await checkProperty(
      'paths with malformed percent-encoding answer a 4xx, never 5xx',
      backend,
      fc.asyncProperty(cases, async ({ where, segment: id }) => {
        if (where === 'page') {
          const response = await fetch(`${backend.baseUrl}/checkout-link/${id}`, { redirect: 'manual', signal: AbortSignal.timeout(25_000) });
          const text = await response.text();
          expect(response.status, `GET /checkout-link/${id}\n→ HTTP ${response.status} ${text.slice(0, 300)}`).toBeLessThan(500);
          return;
        }
        const { response, sent } =
          where === 'capture'
            ? await send(backend, merchant, { path: `/api/pre-authorization/${id}/capture`, body: { amount: 1, currency: 'TRY' }, clientIp })
            : where === 'complete'
              ? await send(backend, merchant, { path: `/api/3ds/${id}/complete`, body: { securityKey: 'k' }, clientIp })
              : await send(backend, merchant, { method: 'GET', path: where === 'unknown' ? `/api/${id}` : `/api/${where}/${id}`, clientIp });
        expectContractAnswer(response, sent);
        expect(response.status, `${describeSent(sent)}\n→ HTTP ${response.status} ${response.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      }),
    );
  }, PROPERTY_TIMEOUT_MS);

  test('no row was written for any hostile request, and the open pre-authorization is still capturable', async () => {
    if (before) expect(await countRows(backend, merchant.merchantId), 'rows of the hostile-requests merchant afterwards').toEqual(before);
    const capture = await send(backend, merchant, { path: `/api/pre-authorization/${own.openPreAuth}/capture`, body: { amount: 100, currency: 'TRY' }, clientIp });
    expect(capture.response.status, capture.response.text).toBe(200);
    expectContractAnswer(capture.response, capture.sent);
  });
});
