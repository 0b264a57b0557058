// The hosted checkout's server actions (app/checkout-link/[id]/actions.ts) over HTTP, as a browser posts
// them: loadInstallmentOptions(checkoutId, bin) and startPayment(checkoutId, form) with fuzzed arguments.
// Never a 5xx, never an INTERNAL_ERROR result, an invalid card form is refused field by field and
// creates no payment (GET /api/checkout/{id} stays PENDING; rows counted on PostgreSQL).
import fc from 'fast-check';
import { beforeAll, expect, test } from 'vitest';
import { uniqueClientIp } from '../support/api';
import { cards, type CardName } from '../support/cards';
import { forEachBackend, type MerchantCredentials } from '../support/context';
import { checkoutRequest, expectedInstallmentOptions, toMinor } from '../support/requests';
import { checkProperty, PROPERTY_TIMEOUT_MS } from './support/budget';
import { callAction, captureActionIds, encodeReply, replyTokens, type ActionIds } from './support/actions';
import { countRows, dedicatedMerchant, send, throwawayClientIp } from './support/client';
import { clip, describeSent, type Sent } from './support/contract';
import { allowedFields, applyBreaker, fieldBreaker, fieldSpecs, schemas } from './support/requests';
import { binOf, cardHolderName, cardName, cvvFor, futureExpiry, hostileJson, hostileString, lengthyObject } from './support/values';

const FORM_FIELDS = Object.keys(fieldSpecs(schemas.cardForm));

/** A card form the checkout's schema accepts (a single payment). */
const validForm = (names: fc.Arbitrary<CardName>) =>
  names.chain((card) =>
    fc
      .record({ cardHolderName, cvv: cvvFor(cards[card]), expiry: futureExpiry.map(({ expiryMonth, expiryYear }) => `${expiryMonth}/${expiryYear}`) })
      .map((fields) => ({ card, form: { cardHolderName: fields.cardHolderName, pan: cards[card].pan, expiry: fields.expiry, cvv: fields.cvv, installmentCount: 1 } })),
  );

/** Anything an action argument can be: any JSON value, encodeReply's special values, hostile text. */
const anyArgument = fc.oneof(hostileJson, replyTokens, hostileString, fc.uuid(), fc.constant({ toString: 'x' }), fc.constant({ valueOf: 1, toString: null }));

/** One multipart/form-data part and the closing boundary (boundary "KasaFuzz"). */
function part(name: string, value: string): string {
  return `--KasaFuzz\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n--KasaFuzz--\r\n`;
}

function expectActionAnswer(answer: { status: number; text: string; errorRow: boolean; result?: unknown }, sent: Sent) {
  const context = `${describeSent(sent)}\n→ HTTP ${answer.status} ${clip(answer.text, 600)}`;
  expect(answer.status, `5xx answer\n${context}`).toBeLessThan(500);
  expect(answer.errorRow, `the action threw\n${context}`).toBe(false);
  return context;
}

forEachBackend((backend) => {
  let merchant: MerchantCredentials;
  let before: Record<string, number> | undefined;
  let ids: ActionIds;
  /** 1000.00 TRY, up to 12 installments with interest paid by the customer; and a single-payment one. */
  const checkouts = { installments: '', single: '' };

  /** The merchant API's client address (authenticated requests: the failed-auth limiter never counts them). */
  let apiIp = '';

  const createCheckout = async (who: MerchantCredentials, overrides: Record<string, unknown>) => {
    const { response } = await send(backend, who, { path: '/api/checkout', body: checkoutRequest(overrides), clientIp: apiIp });
    expect(response.status, response.text).toBe(200);
    return response.body.checkoutId as string;
  };
  const expectPending = async (checkoutId: string, who: MerchantCredentials, context: string) => {
    const { response, sent } = await send(backend, who, { method: 'GET', path: `/api/checkout/${checkoutId}`, clientIp: apiIp });
    expect(response.status, describeSent(sent)).toBe(200);
    expect({ status: response.body.status, paymentId: response.body.paymentId }, `the checkout took a payment attempt after\n${context}`).toEqual({ status: 'PENDING', paymentId: null });
  };

  beforeAll(async () => {
    apiIp = uniqueClientIp();
    merchant = await dedicatedMerchant(backend, 'actions', backend.merchants.b);
    checkouts.installments = await createCheckout(merchant, { amount: 1000, currency: 'TRY', maxInstallmentCount: 12, interestPaidByCustomer: true });
    checkouts.single = await createCheckout(merchant, { amount: 250.75, currency: 'TRY' });
    ids = await captureActionIds(backend, checkouts.installments);
    before = await countRows(backend, merchant.merchantId);
  }, 120_000);

  test('server action loadInstallmentOptions: any well-formed arguments answer its options, never an error', async () => {
    const checkoutArg = fc.oneof(fc.constantFrom('installments', 'single').map((name) => ({ checkout: name })), anyArgument.map((value) => ({ value })));
    const binArg = fc.oneof(cardName.chain((card) => binOf(cards[card]).map((bin) => ({ bin, card }))), anyArgument.map((value) => ({ value })));
    const cases = fc.record({ checkoutArg, binArg, extra: fc.array(anyArgument, { maxLength: 2 }), shape: fc.constantFrom('pair', 'pair+extra', 'one', 'none') });
    await checkProperty(
      'server action loadInstallmentOptions: any well-formed arguments answer its options, never an error',
      backend,
      fc.asyncProperty(cases, async ({ checkoutArg, binArg, extra, shape }) => {
        const checkoutId = 'checkout' in checkoutArg ? checkouts[checkoutArg.checkout] : checkoutArg.value;
        const bin = 'bin' in binArg ? binArg.bin : binArg.value;
        const args = shape === 'pair' ? [checkoutId, bin] : shape === 'pair+extra' ? [checkoutId, bin, ...extra] : shape === 'one' ? [checkoutId] : [];
        const { answer, sent } = await callAction(backend, { pathId: checkouts.installments, actionId: ids.loadInstallmentOptions, body: encodeReply(args), clientIp: throwawayClientIp() });
        const context = expectActionAnswer(answer, sent);
        expect(answer.status, context).toBe(200);
        const offered = shape.startsWith('pair') && 'checkout' in checkoutArg && checkoutArg.checkout === 'installments' && 'card' in binArg && cards[binArg.card].installments;
        const expected = offered
          ? expectedInstallmentOptions(1000, 'TRY', true, 12).map((option) => ({
              installmentCount: option.installmentCount,
              installmentMinor: toMinor(option.installmentAmount),
              interestMinor: toMinor(option.interestAmount),
              totalMinor: toMinor(option.totalAmount),
            }))
          : [];
        expect(answer.result, context).toEqual({ options: expected });
      }),
    );
  }, PROPERTY_TIMEOUT_MS);

  test('server action startPayment: an invalid card form is refused field by field and creates no payment', async () => {
    const specs = fieldSpecs(schemas.cardForm);
    const formBreakers = fc
      .uniqueArray(fc.oneof(...Object.entries(specs).map(([field, spec]) => fieldBreaker(field, spec))), { minLength: 1, maxLength: 3, selector: (breaker) => breaker.broken.join() })
      .map((list) => ({ set: Object.assign({}, ...list.map((breaker) => breaker.set)), broken: list.flatMap((breaker) => breaker.broken) }));
    type FormCase = { checkout: keyof typeof checkouts; form: unknown; broken: string[]; code: string };
    const cases: fc.Arbitrary<FormCase> = fc.oneof(
      // Fields broken as the schema sees them.
      fc.record({ checkout: fc.constantFrom('installments', 'single' as const), valid: validForm(cardName), breaker: formBreakers }).map(({ checkout, valid, breaker }) => ({
        checkout,
        form: applyBreaker(valid.form, breaker),
        broken: allowedFields(breaker.broken),
        code: 'VALIDATION_ERROR',
      })),
      // Not a form at all (or an object of anything but the form's fields).
      anyArgument.map((form) => ({ checkout: 'single' as const, form, broken: [...FORM_FIELDS, 'body'], code: 'VALIDATION_ERROR' })),
      // A valid form asking for installments the checkout or the card does not offer.
      fc.record({ valid: validForm(cardName), count: fc.integer({ min: 2, max: 12 }) }).map(({ valid, count }) => ({
        checkout: 'single' as const,
        form: { ...valid.form, installmentCount: count },
        broken: ['installmentCount'],
        code: 'INSTALLMENT_NOT_AVAILABLE',
      })),
      fc
        .record({ valid: validForm(fc.constantFrom<CardName>('mastercardDebit', 'troyDebit', 'visaInternational', 'amex')), count: fc.integer({ min: 2, max: 12 }) })
        .map(({ valid, count }) => ({ checkout: 'installments' as const, form: { ...valid.form, installmentCount: count }, broken: ['installmentCount'], code: 'INSTALLMENT_NOT_AVAILABLE' })),
    );
    await checkProperty(
      'server action startPayment: an invalid card form is refused field by field and creates no payment',
      backend,
      fc.asyncProperty(cases, async ({ checkout, form, broken, code }) => {
        const checkoutId = checkouts[checkout];
        const { answer, sent } = await callAction(backend, { pathId: checkoutId, actionId: ids.startPayment, body: encodeReply([checkoutId, form]), clientIp: throwawayClientIp() });
        const context = expectActionAnswer(answer, sent);
        expect(answer.status, context).toBe(200);
        const result = answer.result as { ok?: boolean; code?: string; fieldErrors?: Record<string, string> } | undefined;
        expect(result?.ok, context).toBe(false);
        expect(result?.code, context).not.toBe('INTERNAL_ERROR');
        const named = Object.keys(result?.fieldErrors ?? {});
        expect(named.length, `no field named\n${context}`).toBeGreaterThan(0);
        expect(named.some((field) => broken.includes(field)), `fieldErrors ${JSON.stringify(named)} names none of ${JSON.stringify(broken)}\n${context}`).toBe(true);
        expect(named.filter((field) => !broken.includes(field)), `fieldErrors names fields the case did not break\n${context}`).toEqual([]);
        if (code === 'VALIDATION_ERROR') expect(result?.code, context).toBe('VALIDATION_ERROR');
        await expectPending(checkoutId, merchant, context);
      }),
    );
  }, PROPERTY_TIMEOUT_MS);

  test('server action startPayment: a valid card form for a wrong checkoutId is refused, never INTERNAL_ERROR', async () => {
    const cases = fc.record({ checkoutId: anyArgument.filter((value) => value !== checkouts.installments && value !== checkouts.single), valid: validForm(cardName) });
    await checkProperty(
      'server action startPayment: a valid card form for a wrong checkoutId is refused, never INTERNAL_ERROR',
      backend,
      fc.asyncProperty(cases, async ({ checkoutId, valid }) => {
        const { answer, sent } = await callAction(backend, { pathId: checkouts.single, actionId: ids.startPayment, body: encodeReply([checkoutId, valid.form]), clientIp: throwawayClientIp() });
        const context = expectActionAnswer(answer, sent);
        expect(answer.status, context).toBe(200);
        expect(answer.result, context).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      }),
    );
    await expectPending(checkouts.single, merchant, 'valid card forms sent with wrong checkoutIds');
  }, PROPERTY_TIMEOUT_MS);

  test('server action startPayment: form fields with a length rule given an object with a length member are refused, never 5xx', async () => {
    const stringFields = Object.entries(fieldSpecs(schemas.cardForm)).filter(([, spec]) => spec.kind === 'string' && spec.lengthRule).map(([field]) => field);
    const cases = fc.record({ valid: validForm(cardName), field: fc.constantFrom(...stringFields), value: lengthyObject });
    await checkProperty(
      'server action startPayment: form fields with a length rule given an object with a length member are refused, never 5xx',
      backend,
      fc.asyncProperty(cases, async ({ valid, field, value }) => {
        const form = { ...valid.form, [field]: value };
        const { answer, sent } = await callAction(backend, { pathId: checkouts.single, actionId: ids.startPayment, body: encodeReply([checkouts.single, form]), clientIp: throwawayClientIp() });
        const context = expectActionAnswer(answer, sent);
        expect(answer.result, context).toMatchObject({ ok: false, code: 'VALIDATION_ERROR' });
        const named = Object.keys((answer.result as { fieldErrors?: object }).fieldErrors ?? {});
        expect(named, context).toContain(field);
        expect(named.filter((name) => !allowedFields([field]).includes(name)), context).toEqual([]);
      }),
    );
    await expectPending(checkouts.single, merchant, 'form fields with a length member');
  }, PROPERTY_TIMEOUT_MS);

  test('no row was written for the refused card forms', async () => {
    if (before) expect(await countRows(backend, merchant.merchantId), 'rows of the actions merchant afterwards').toEqual(before);
    await expectPending(checkouts.installments, merchant, 'every refused card form');
  });

  test('server actions: malformed action requests never answer 5xx', async () => {
    const malformed = fc.oneof(
      // Not JSON.
      fc.string({ unit: 'binary', maxLength: 40 }).filter((text) => !/\d{3}/.test(text)).map((body) => ({ body, kind: 'text' })),
      fc.constantFrom('[', '["', '{', '[1,]', '"x"', 'null', '', '[]]').map((body) => ({ body, kind: 'text' })),
      // JSON whose `$` strings are React references to parts the request never sent.
      fc
        .tuple(fc.constantFrom('$1', '$@1', '$K1', '$Q1', '$W1', '$F1', '$h1', '$i1', '$B1', '$A1', '$S1', '$E1', '$Z', '$T', '$l', '$'), fc.boolean())
        .map(([reference, nested]) => ({ body: JSON.stringify(nested ? [{ pan: reference }] : [reference, '542119']), kind: 'reference' })),
      // Multipart bodies: unreadable, without the argument list, with one that is not JSON or refers to a missing part.
      fc
        .tuple(
          fc.constantFrom('garbage', part('1', '["x"]'), part('0', 'not json'), part('0', '["$1","542119"]'), part('0', '{"a":1}')),
          fc.constantFrom('multipart/form-data; boundary=KasaFuzz', 'multipart/form-data'),
        )
        .map(([body, type]) => ({ body, type, kind: 'multipart' })),
      // A well-formed call from another origin.
      fc.constantFrom('https://evil.example', 'null', 'http://127.0.0.1:1').map((origin) => ({ body: '["x","542119"]', kind: 'origin', origin })),
      // A form posted without JavaScript (the action named in "$ACTION_…" fields) from another origin.
      fc.constantFrom('https://evil.example', 'null').map((origin) => ({ body: part('$ACTION_ID_00', ''), type: 'multipart/form-data; boundary=KasaFuzz', kind: 'no-script', origin, nextAction: false })),
      // Arguments nested deeper than any action takes (a recursive decoder overflows), in arrays or objects.
      fc.tuple(fc.integer({ min: 33, max: 6000 }), fc.boolean()).map(([depth, objects]) => ({
        body: `[${objects ? '{"a":'.repeat(depth) + '0' + '}'.repeat(depth) : '['.repeat(depth) + '0' + ']'.repeat(depth)}]`,
        kind: 'too-deep',
      })),
      // More arguments than any action takes.
      fc.integer({ min: 101, max: 3000 }).map((count) => ({ body: JSON.stringify(Array.from({ length: count }, () => 'x')), kind: 'too-many' })),
      // An action id that does not exist or is not one.
      fc.oneof(fc.string({ unit: fc.constantFrom(...Array.from('0123456789abcdef')), minLength: 42, maxLength: 42 }), fc.constantFrom('zzz', '', '0', 'x'.repeat(300))).map((actionId) => ({ body: '["x","542119"]', kind: 'action-id', actionId })),
    );
    await checkProperty(
      'server actions: malformed action requests never answer 5xx',
      backend,
      fc.asyncProperty(malformed, fc.boolean(), async (call, loadOptions) => {
        const { body, type, origin, actionId, kind, nextAction } = call as { body: string; type?: string; origin?: string; actionId?: string; kind: string; nextAction?: boolean };
        const { answer, sent } = await callAction(backend, {
          pathId: checkouts.single,
          actionId: actionId ?? (loadOptions ? ids.loadInstallmentOptions : ids.startPayment),
          body,
          contentType: type,
          origin,
          nextAction,
          clientIp: throwawayClientIp(),
        });
        const context = expectActionAnswer(answer, sent);
        if (kind === 'no-script') expect(JSON.parse(answer.text), context).toMatchObject({ resultCode: 'FORBIDDEN', errors: [{ field: 'Origin' }] });
        if (kind === 'reference' || kind === 'multipart' || kind === 'too-deep' || kind === 'too-many') {
          expect(answer.status, context).toBe(400);
          expect(JSON.parse(answer.text), context).toMatchObject({ resultCode: 'MALFORMED_JSON', errors: [{ field: 'body' }] });
        }
      }),
    );
  }, PROPERTY_TIMEOUT_MS);

  test('server action startPayment: a valid card form starts 3-D Secure', async () => {
    const cases = fc.record({ valid: validForm(cardName), maxInstallmentCount: fc.integer({ min: 1, max: 12 }), pick: fc.nat({ max: 11 }) });
    await checkProperty(
      'server action startPayment: a valid card form starts 3-D Secure',
      backend,
      fc.asyncProperty(cases, async ({ valid, maxInstallmentCount, pick }) => {
        // Merchant A: this payment is a write, and the actions merchant's rows were counted above.
        const who = backend.merchants.a;
        const checkoutId = await createCheckout(who, { amount: 1000, currency: 'TRY', maxInstallmentCount });
        const installmentCount = cards[valid.card].installments ? 1 + (pick % maxInstallmentCount) : 1;
        const form = { ...valid.form, installmentCount };
        const { answer, sent } = await callAction(backend, { pathId: checkoutId, actionId: ids.startPayment, body: encodeReply([checkoutId, form]), clientIp: throwawayClientIp() });
        const context = expectActionAnswer(answer, sent);
        const enrolled = cards[valid.card] !== cards.notEnrolled;
        expect(answer.result, context).toMatchObject(enrolled ? { ok: true, next: { kind: 'challenge' } } : { ok: true, next: { kind: 'result' } });
        const status = await send(backend, who, { method: 'GET', path: `/api/checkout/${checkoutId}`, clientIp: apiIp });
        expect(status.response.body, context).toMatchObject({ status: enrolled ? 'ENROLLED' : 'FAILED', installmentCount });
      }),
    );
  }, PROPERTY_TIMEOUT_MS);
});
