// POST /api/3ds (§5): enrollment, its htmlContent, installment and return-URL rules, DUPLICATE_ORDER.
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { api, uniqueClientIp } from '../support/api';
import { expectError, expectNoCardData, expectPaymentShape, expectValidationError } from '../support/assertions';
import { cards, maskPan, type TestCard } from '../support/cards';
import { forEachBackend } from '../support/context';
import { fieldRules } from '../support/invalid-requests';
import { paymentRequest, without } from '../support/requests';
import {
  RETURN_URLS,
  enroll,
  expectAutoSubmit,
  expectEnrolled,
  expectedThreeDsMoney,
  failAuthentication,
  threeDsRequest,
  type ThreeDsRequest,
} from '../support/three-ds';

forEachBackend((backend) => {
  const client = api(backend);

  /** GET /api/payment/{paymentId} of an ENROLLED payment: every field, no authorization yet. */
  async function expectEnrolledPayment(paymentId: string, request: ThreeDsRequest, card: TestCard) {
    const fetched = await client.get(`/api/payment/${paymentId}`);
    expect(fetched.status, fetched.text).toBe(200);
    // No bank has answered yet: resultCode may be null while ENROLLED (§4: null where not applicable).
    expect(fetched.body.resultCode === null || typeof fetched.body.resultCode === 'string', 'resultCode').toBe(true);
    expectPaymentShape({ ...fetched.body, resultCode: fetched.body.resultCode ?? '' });
    expectNoCardData(fetched, request);
    const money = expectedThreeDsMoney(request, card);
    expect(fetched.body).toMatchObject({
      paymentId,
      orderId: request.orderId,
      status: 'ENROLLED',
      transactionType: 'SALE',
      amount: money.amount,
      installmentCount: money.installmentCount,
      interestAmount: money.interestAmount,
      totalAmount: money.totalAmount,
      currency: request.currency,
      cardHolderName: request.cardHolderName,
      pan: maskPan(card.pan),
      cardScheme: card.scheme,
      cardType: card.type,
      domInt: card.domInt,
      loyaltyCode: card.loyaltyCode,
      authCode: null,
      authorizedAmount: null,
      externalTransactionId: null,
    });
    return fetched.body;
  }

  describe.concurrent('enrolled cards', () => {
    test('an enrolled card answers 200 {paymentId, success: true, resultCode: SUCCESS, resultMessage, htmlContent}', async () => {
      const { response, paymentId, request } = await enroll(backend);
      expect(Object.keys(response.body)).toEqual(expect.arrayContaining(['paymentId', 'success', 'resultCode', 'resultMessage', 'htmlContent']));
      expect(response.body.resultMessage.length).toBeGreaterThan(0);
      await expectEnrolledPayment(paymentId, request, cards.world);
    });

    test('htmlContent is an HTML document posting only a hidden reference to {PUBLIC_BASE_URL}/sandbox/acs, by script or by a <noscript> button', async () => {
      const { response } = await enroll(backend);
      expectAutoSubmit(response.body.htmlContent);
    });

    test('every enrollment gets its own paymentId and reference', async () => {
      const [first, second] = await Promise.all([enroll(backend), enroll(backend)]);
      expect(first.paymentId).not.toBe(second.paymentId);
      expect(first.reference).not.toBe(second.reference);
    });

    test('a decline card still enrolls: the decline comes at completion', async () => {
      const { paymentId, request } = await enroll(backend, {}, cards.doNotHonor);
      await expectEnrolledPayment(paymentId, request, cards.doNotHonor);
    });

    test.each([
      ['AMEX (4-digit CVV)', cards.amex],
      ['Troy credit', cards.paraf],
      ['domestic debit', cards.mastercardDebit],
      ['international', cards.visaInternational],
    ] as const)('the %s test card enrolls for a single payment', async (_, card) => {
      const { paymentId, request } = await enroll(backend, { installmentCount: 1 }, card);
      await expectEnrolledPayment(paymentId, request, card);
    });

    test('installmentCount and interestPaidByCustomer default to 1 and false', async () => {
      const request = without(without(threeDsRequest({ amount: 1000 }), 'installmentCount'), 'interestPaidByCustomer');
      const response = await client.post('/api/3ds', request);
      expectEnrolled(response, backend, request);
      const payment = await expectEnrolledPayment(response.body.paymentId, request, cards.world);
      expect(payment).toMatchObject({ installmentCount: 1, interestAmount: 0, totalAmount: 1000 });
    });

    test('3 installments on 5421190122090656 (WORLD) with the customer paying interest: ENROLLED for 1035.00', async () => {
      const { paymentId, request } = await enroll(backend, { amount: 1000, installmentCount: 3, interestPaidByCustomer: true });
      const payment = await expectEnrolledPayment(paymentId, request, cards.world);
      expect(payment).toMatchObject({ amount: 1000, installmentCount: 3, interestAmount: 35, totalAmount: 1035 });
    });

    test('customerId is kept on the enrolled payment', async () => {
      const { paymentId } = await enroll(backend, { customerId: 'CUST-3DS-7' });
      expect((await client.get(`/api/payment/${paymentId}`)).body.customerId).toBe('CUST-3DS-7');
    });

    test('an Idempotency-Key replay answers the same enrollment', async () => {
      const request = threeDsRequest();
      const idempotencyKey = `3ds-${randomUUID()}`;
      const first = await client.post('/api/3ds', request, { idempotencyKey });
      expectEnrolled(first, backend, request);
      const replay = await client.post('/api/3ds', request, { idempotencyKey });
      expect(replay.status, replay.text).toBe(200);
      expect(replay.body).toEqual(first.body);
    });
  });

  describe.concurrent('a card not enrolled in 3-D Secure', () => {
    test('4000000000003055 answers 200 success: false, NOT_ENROLLED, htmlContent null; the payment is FAILED', async () => {
      const request = threeDsRequest({}, cards.notEnrolled);
      const response = await client.post('/api/3ds', request);
      expect(response.status, response.text).toBe(200);
      expect(response.body).toMatchObject({ success: false, resultCode: 'NOT_ENROLLED', htmlContent: null });
      expect(response.body.paymentId).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.body.resultMessage.length).toBeGreaterThan(0);
      expectNoCardData(response, request);
      const fetched = await client.get(`/api/payment/${response.body.paymentId}`);
      expect(fetched.status, fetched.text).toBe(200);
      expectPaymentShape(fetched.body);
      expect(fetched.body).toMatchObject({ status: 'FAILED', resultCode: 'NOT_ENROLLED', orderId: request.orderId, authCode: null });
    });

    test('after NOT_ENROLLED the same orderId may be retried', async () => {
      const request = threeDsRequest({}, cards.notEnrolled);
      const first = await client.post('/api/3ds', request);
      expect(first.body?.resultCode, first.text).toBe('NOT_ENROLLED');
      await enroll(backend, { orderId: request.orderId });
    });
  });

  describe.concurrent('installmentCount must be one of /api/installment-options for the card and amount', () => {
    test.each([
      ['a domestic debit card', cards.mastercardDebit],
      ['a Troy debit card', cards.troyDebit],
      ['an international credit card', cards.visaInternational],
      ['an AMEX card', cards.amex],
    ] as const)('3 installments on %s answer 400 naming installmentCount', async (_, card) => {
      expectValidationError(await client.post('/api/3ds', threeDsRequest({ amount: 1000, installmentCount: 3 }, card)), 'installmentCount');
    });

    test.each([
      ['13', 13],
      ['0', 0],
      ['-3', -3],
      ['2.5', 2.5],
      ['"3" (a string)', '3'],
      ['null', null],
    ] as const)('installmentCount %s answers 400 naming installmentCount', async (_, installmentCount) => {
      expectValidationError(await client.post('/api/3ds', threeDsRequest({ amount: 1000, installmentCount })), 'installmentCount');
    });

    test('interestPaidByCustomer that is not a boolean answers 400 naming it', async () => {
      expectValidationError(await client.post('/api/3ds', threeDsRequest({ interestPaidByCustomer: 'yes' })), 'interestPaidByCustomer');
    });

    test.each([true, false])('every count 2–12 on 0.05 TRY is accepted exactly when installment-options offers it (interestPaidByCustomer %s)', async (interestPaidByCustomer) => {
      const amount = 0.05;
      const quote = await client.post('/api/installment-options', { amount, currency: 'TRY', pan: cards.world.pan, interestPaidByCustomer });
      expect(quote.status, quote.text).toBe(200);
      const offered: number[] = quote.body.options.map((option: { installmentCount: number }) => option.installmentCount);
      expect(offered.length, 'some counts are offered and some are not at this amount').toBeGreaterThan(0);
      expect(offered.length).toBeLessThan(11);
      const outcomes = await Promise.all(
        Array.from({ length: 11 }, (_, i) => i + 2).map(async (installmentCount) => {
          const request = threeDsRequest({ amount, installmentCount, interestPaidByCustomer });
          const response = await client.post('/api/3ds', request);
          if (offered.includes(installmentCount)) expectEnrolled(response, backend, request);
          else expectValidationError(response, 'installmentCount');
          return [installmentCount, response.status] as const;
        }),
      );
      expect(outcomes.filter(([, status]) => status === 200).map(([count]) => count)).toEqual(offered);
    });

    test.each([
      ['WORLD', cards.world],
      ['domestic debit', cards.mastercardDebit],
      ['international', cards.visaInternational],
      ['Troy debit', cards.troyDebit],
    ] as const)('installmentCount 1 is always allowed (%s card, 0.01 TRY)', async (_, card) => {
      await enroll(backend, { amount: 0.01, installmentCount: 1, interestPaidByCustomer: true }, card);
    });
  });

  describe.concurrent('successUrl and failureUrl are required absolute http(s) URLs', () => {
    const invalidUrls: [string, unknown][] = [
      ['missing', undefined],
      ['empty', ''],
      ['relative', '/3ds/return'],
      ['protocol-relative', '//shop.example/3ds'],
      ['ftp', 'ftp://shop.example/3ds'],
      ['javascript:', 'javascript:alert(1)'],
      ['data:', 'data:text/html,<p>hi</p>'],
      ['not a URL', 'shop example'],
      ['a number', 42],
    ];
    for (const field of ['successUrl', 'failureUrl'] as const) {
      test.each(invalidUrls)(`${field} %s answers 400 naming ${field}`, async (_, value) => {
        const request = value === undefined ? without(threeDsRequest(), field) : threeDsRequest({ [field]: value });
        const response = await client.post('/api/3ds', request);
        const body = expectValidationError(response, field);
        expect(body.errors.map((error: { field: string }) => error.field)).not.toContain(field === 'successUrl' ? 'failureUrl' : 'successUrl');
      });
    }

    test('http and https URLs with ports, paths and queries are accepted', async () => {
      await enroll(backend, { successUrl: 'http://127.0.0.1:3999/ok?x=1&y=2', failureUrl: 'https://shop.example:8443/no#frag' });
    });
  });

  describe.concurrent('§2 field rules apply to POST /api/3ds too', () => {
    test.each(fieldRules)('%s answers 400 VALIDATION_ERROR naming the field', async (_, build, fields) => {
      const request = { ...build(), ...RETURN_URLS };
      const response = await client.post('/api/3ds', request);
      expectValidationError(response, ...fields);
      expectNoCardData(response, request);
    });
  });

  describe.concurrent('DUPLICATE_ORDER', () => {
    test('a second POST /api/3ds with the orderId of an ENROLLED payment answers 409 DUPLICATE_ORDER', async () => {
      const { request } = await enroll(backend);
      expectError(await client.post('/api/3ds', threeDsRequest({ orderId: request.orderId })), 409, 'DUPLICATE_ORDER');
    });

    test('a direct sale with the orderId of an ENROLLED payment answers 409 DUPLICATE_ORDER', async () => {
      const { request } = await enroll(backend);
      expectError(await client.post('/api/payment', paymentRequest({ orderId: request.orderId })), 409, 'DUPLICATE_ORDER');
    });

    test('a card that is not enrolled, with the orderId of an ENROLLED payment, answers 409 DUPLICATE_ORDER like a direct sale would', async () => {
      const { request } = await enroll(backend);
      // The orderId is taken whatever the card's outcome: a declined direct sale with it answers 409 too.
      expectError(await client.post('/api/payment', paymentRequest({ orderId: request.orderId }, cards.doNotHonor)), 409, 'DUPLICATE_ORDER');
      expectError(await client.post('/api/3ds', threeDsRequest({ orderId: request.orderId }, cards.notEnrolled)), 409, 'DUPLICATE_ORDER');
    });

    test('20 concurrent enrollments with one orderId: exactly one ENROLLED, the rest 409 DUPLICATE_ORDER', async () => {
      const orderId = `ORD-${randomUUID()}`;
      const responses = await Promise.all(Array.from({ length: 20 }, () => client.post('/api/3ds', threeDsRequest({ orderId }))));
      const outcomes = responses.map((response) => `${response.status} ${response.body?.resultCode}`);
      expect(responses.filter((response) => response.status === 200 && response.body.success === true), outcomes.join(', ')).toHaveLength(1);
      expect(responses.filter((response) => response.status === 409 && response.body.resultCode === 'DUPLICATE_ORDER'), outcomes.join(', ')).toHaveLength(19);
    });

    test('another merchant may use the same orderId', async () => {
      const { request } = await enroll(backend);
      await enroll(backend, { orderId: request.orderId }, cards.world, backend.merchants.b);
    });

    test('after a failed 3-D Secure authentication the orderId may be retried', async () => {
      const failed = await failAuthentication(backend, 'cancel');
      const completion = await api(backend).post(`/api/3ds/${failed.paymentId}/complete`, { securityKey: failed.securityKey });
      expect(completion.body?.status, completion.text).toBe('FAILED');
      await enroll(backend, { orderId: failed.request.orderId });
    });
  });

  describe.concurrent('authentication and tenancy', () => {
    test('POST /api/3ds without credentials answers 401', async () => {
      expectError(await api(backend, null).post('/api/3ds', threeDsRequest(), { clientIp: uniqueClientIp() }), 401, 'UNAUTHORIZED');
    });

    test("merchant B gets 404 for merchant A's enrolled payment", async () => {
      const { paymentId } = await enroll(backend);
      expectError(await api(backend, backend.merchants.b).get(`/api/payment/${paymentId}`), 404, 'NOT_FOUND');
    });
  });
});

