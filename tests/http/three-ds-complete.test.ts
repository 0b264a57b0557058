// POST /api/3ds/{paymentId}/complete (§5): authorization with the issuer's securityKey, §6 money,
// failure path, repeats, wrong keys, tenancy, expiry, and concurrent completions.
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { api, uniqueClientIp, type ApiResponse } from '../support/api';
import { expectError, expectPaymentShape, expectValidationError } from '../support/assertions';
import { cards } from '../support/cards';
import { forEachBackend } from '../support/context';
import { expireEnrollment, vaultRow } from '../support/database';
import { sell } from '../support/flows';
import {
  VERIFICATION_CODE,
  answerChallenge,
  authenticate,
  complete,
  enroll,
  expectThreeDsFailure,
  expectThreeDsSuccess,
  failAuthentication,
  openIssuerPage,
  expectReturnPage,
  threeDsRequest,
} from '../support/three-ds';

const MAX_WRONG_KEYS = 5;
const CONCURRENCY = 20;

/** A key of the right shape that no issuer page produced. */
const forgedKey = () => randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, '').slice(0, 11);

function expectInvalidKey(response: ApiResponse) {
  const body = expectError(response, 400, 'INVALID_SECURITY_KEY');
  expect(body.errors.map((error: { field: string }) => error.field)).toContain('securityKey');
}

forEachBackend((backend) => {
  const client = api(backend);
  const statusOf = async (paymentId: string) => (await client.get(`/api/payment/${paymentId}`)).body;

  describe.concurrent('the success path', () => {
    test('1000.00 TRY in 3 installments, customer pays interest: amount 1000, interest 35, total 1035 authorized, commission 17.90', async () => {
      const { paymentId, securityKey, request } = await authenticate(backend, { amount: 1000, installmentCount: 3, interestPaidByCustomer: true });
      const response = await complete(backend, paymentId, securityKey);
      const body = expectThreeDsSuccess(response, request);
      expect(body).toMatchObject({
        paymentId,
        installmentCount: 3,
        amount: 1000,
        interestAmount: 35,
        totalAmount: 1035,
        authorizedAmount: 1035,
        merchantCommission: 17.9,
      });
      expect(await statusOf(paymentId)).toEqual(body);
    });

    test('1000.00 TRY in 3 installments, merchant bears interest: total 1000, commission 1.79 % + 3.50 % = 52.90', async () => {
      const { paymentId, securityKey, request } = await authenticate(backend, { amount: 1000, installmentCount: 3, interestPaidByCustomer: false });
      const body = expectThreeDsSuccess(await complete(backend, paymentId, securityKey), request);
      expect(body).toMatchObject({
        installmentCount: 3,
        amount: 1000,
        interestAmount: 0,
        totalAmount: 1000,
        authorizedAmount: 1000,
        merchantCommission: 52.9,
      });
    });

    test.each([
      ['WORLD, 12 installments, customer pays', cards.world, { amount: 2499.99, installmentCount: 12, interestPaidByCustomer: true }],
      ['BONUS, 6 installments, merchant pays', cards.bonus, { amount: 333.33, installmentCount: 6 }],
      ['Troy PARAF, 2 installments, customer pays', cards.paraf, { amount: 80.01, installmentCount: 2, interestPaidByCustomer: true }],
      ['domestic debit, single payment', cards.mastercardDebit, { amount: 100.5 }],
      ['international, single payment in USD', cards.visaInternational, { amount: 19.99, currency: 'USD' }],
      ['AMEX, single payment in EUR', cards.amex, { amount: 42, currency: 'EUR' }],
    ] as const)('%s: SUCCESS with the §6 money', async (_, card, overrides) => {
      const { paymentId, securityKey, request } = await authenticate(backend, overrides, card);
      expectThreeDsSuccess(await complete(backend, paymentId, securityKey), request, card);
    });

    test('repeating the completion returns the identical body: no second authorization', async () => {
      const { paymentId, securityKey, request } = await authenticate(backend, { amount: 1000, installmentCount: 3, interestPaidByCustomer: true });
      const first = expectThreeDsSuccess(await complete(backend, paymentId, securityKey), request);
      for (let repeat = 0; repeat < 3; repeat++) {
        const again = await complete(backend, paymentId, securityKey);
        expect(again.status, again.text).toBe(200);
        expect(again.body).toEqual(first);
      }
      const fetched = await statusOf(paymentId);
      expect([fetched.authCode, fetched.externalTransactionId]).toEqual([first.authCode, first.externalTransactionId]);
    });

    test('a decline card authenticates, then declines at completion: 200 FAILED DO_NOT_HONOR, the same on repeat', async () => {
      const { paymentId, securityKey, request } = await authenticate(backend, {}, cards.doNotHonor);
      const body = expectThreeDsFailure(await complete(backend, paymentId, securityKey), request, cards.doNotHonor, 'DO_NOT_HONOR');
      expect((await complete(backend, paymentId, securityKey)).body).toEqual(body);
      expect(await statusOf(paymentId)).toMatchObject({ status: 'FAILED', resultCode: 'DO_NOT_HONOR' });
    });

    test.each([
      ['insufficientFunds', cards.insufficientFunds],
      ['stolenCard', cards.stolenCard],
      ['processingError', cards.processingError],
    ] as const)('the %s card declines at completion with its resultCode', async (_, card) => {
      const { paymentId, securityKey, request } = await authenticate(backend, {}, card);
      expectThreeDsFailure(await complete(backend, paymentId, securityKey), request, card, card.outcome);
    });

    test('a completed payment keeps its orderId: a new enrollment with it answers 409 DUPLICATE_ORDER', async () => {
      const { paymentId, securityKey, request } = await authenticate(backend);
      expectThreeDsSuccess(await complete(backend, paymentId, securityKey), request);
      expectError(await client.post('/api/3ds', threeDsRequest({ orderId: request.orderId })), 409, 'DUPLICATE_ORDER');
    });
  });

  describe.concurrent('the failure path', () => {
    test.each(['cancel', 'wrong-codes'] as const)('the failureUrl key (%s) completes to 200 FAILED THREE_DS_AUTH_FAILED, unauthorized', async (how) => {
      const { paymentId, securityKey, request } = await failAuthentication(backend, how);
      const body = expectThreeDsFailure(await complete(backend, paymentId, securityKey), request, cards.world, 'THREE_DS_AUTH_FAILED');
      expect(body.externalTransactionId, 'the bank was never asked').toBeNull();
      expect(body.authorizedAmount).toBeNull();
      expect(await statusOf(paymentId)).toEqual(body);
      const again = await complete(backend, paymentId, securityKey);
      expect(again.status, again.text).toBe(200);
      expect(again.body).toEqual(body);
    });

    test('until the merchant completes it, a failed challenge leaves the payment ENROLLED', async () => {
      const { paymentId } = await failAuthentication(backend, 'cancel');
      expect((await statusOf(paymentId)).status).toBe('ENROLLED');
    });
  });

  describe.concurrent('wrong keys', () => {
    test('a wrong key answers 400 INVALID_SECURITY_KEY; the payment stays ENROLLED and the right key still completes it', async () => {
      const { paymentId, securityKey, request } = await authenticate(backend);
      expectInvalidKey(await complete(backend, paymentId, forgedKey()));
      expect((await statusOf(paymentId)).status).toBe('ENROLLED');
      expectThreeDsSuccess(await complete(backend, paymentId, securityKey), request);
    });

    test('the key of another payment is a wrong key', async () => {
      const [first, second] = await Promise.all([authenticate(backend), authenticate(backend)]);
      expectInvalidKey(await complete(backend, first.paymentId, second.securityKey));
      expectThreeDsSuccess(await complete(backend, second.paymentId, second.securityKey), second.request);
      expectThreeDsSuccess(await complete(backend, first.paymentId, first.securityKey), first.request);
    });

    test('completing before the shopper answered the issuer page answers 400: there is no key yet', async () => {
      const enrollment = await enroll(backend);
      expectInvalidKey(await complete(backend, enrollment.paymentId, forgedKey()));
      expect((await statusOf(enrollment.paymentId)).status).toBe('ENROLLED');
      const page = await answerChallenge(`${backend.baseUrl}/sandbox/acs/challenge`, enrollment.reference, { code: VERIFICATION_CODE });
      const { securityKey } = expectReturnPage(page, enrollment.request.successUrl, enrollment.paymentId);
      expectThreeDsSuccess(await complete(backend, enrollment.paymentId, securityKey), enrollment.request);
    });

    test(`the ${MAX_WRONG_KEYS}th wrong key fails the payment; then even the right key authorizes nothing`, async () => {
      const { paymentId, securityKey } = await authenticate(backend);
      for (let attempt = 1; attempt < MAX_WRONG_KEYS; attempt++) {
        expectInvalidKey(await complete(backend, paymentId, forgedKey()));
        expect((await statusOf(paymentId)).status, `after ${attempt} wrong keys`).toBe('ENROLLED');
      }
      expectInvalidKey(await complete(backend, paymentId, forgedKey()));
      const failed = await statusOf(paymentId);
      expect(failed).toMatchObject({ status: 'FAILED', authCode: null, authorizedAmount: null });
      expect(failed.resultCode).not.toBe('SUCCESS');

      const late = await complete(backend, paymentId, securityKey);
      expect([200, 400, 409], late.text).toContain(late.status);
      if (late.status === 200) expect(late.body).toMatchObject({ status: 'FAILED', authCode: null });
      expect(await statusOf(paymentId)).toEqual(failed);
    });

    test(`a payment failed by ${MAX_WRONG_KEYS} wrong keys before the shopper answered closes its issuer page (410)`, async () => {
      const enrollment = await enroll(backend);
      for (let attempt = 0; attempt < MAX_WRONG_KEYS; attempt++) expectInvalidKey(await complete(backend, enrollment.paymentId, forgedKey()));
      expect((await statusOf(enrollment.paymentId)).status).toBe('FAILED');
      // The shopper must not be asked to authenticate a payment that can no longer succeed.
      const page = await openIssuerPage(enrollment);
      expect(page.status, 'issuer page of a FAILED payment').toBe(410);
      const answer = await answerChallenge(`${backend.baseUrl}/sandbox/acs/challenge`, enrollment.reference, { code: VERIFICATION_CODE });
      expect(answer.status, 'challenge answer for a FAILED payment').toBe(410);
      expect(answer.text).not.toContain('securityKey');
    });

    test(`${CONCURRENCY} concurrent wrong keys are all counted: the payment is FAILED and the right key authorizes nothing`, async () => {
      const { paymentId, securityKey } = await authenticate(backend);
      const responses = await Promise.all(Array.from({ length: CONCURRENCY }, () => complete(backend, paymentId, forgedKey())));
      for (const response of responses) expectInvalidKey(response);
      expect((await statusOf(paymentId)).status).toBe('FAILED');
      const late = await complete(backend, paymentId, securityKey);
      if (late.status === 200) expect(late.body).toMatchObject({ status: 'FAILED', authCode: null });
      expect((await statusOf(paymentId)).authCode).toBeNull();
    });

    test('a wrong key on a completed payment answers 400 and changes nothing', async () => {
      const { paymentId, securityKey, request } = await authenticate(backend);
      const body = expectThreeDsSuccess(await complete(backend, paymentId, securityKey), request);
      for (let attempt = 0; attempt < MAX_WRONG_KEYS + 1; attempt++) expectInvalidKey(await complete(backend, paymentId, forgedKey()));
      expect(await statusOf(paymentId)).toEqual(body);
      expect((await complete(backend, paymentId, securityKey)).body).toEqual(body);
    });

    test.each([
      ['missing', undefined],
      ['empty', ''],
      ['a number', 12345678],
      ['null', null],
      ['longer than any key', 'k'.repeat(10_000)],
    ])('a %s securityKey answers 400 VALIDATION_ERROR and is not counted as a wrong key', async (_, securityKey) => {
      const { paymentId, securityKey: rightKey, request } = await authenticate(backend);
      for (let attempt = 0; attempt < MAX_WRONG_KEYS; attempt++) {
        expectValidationError(await client.post(`/api/3ds/${paymentId}/complete`, securityKey === undefined ? {} : { securityKey }), 'securityKey');
      }
      expectThreeDsSuccess(await complete(backend, paymentId, rightKey), request);
    });
  });

  describe.concurrent('which payments can be completed', () => {
    test("another merchant's paymentId answers 404, even with the right key, and counts nothing against the payment", async () => {
      const { paymentId, securityKey, request } = await authenticate(backend);
      for (let attempt = 0; attempt < MAX_WRONG_KEYS; attempt++) {
        expectError(await complete(backend, paymentId, securityKey, backend.merchants.b), 404, 'NOT_FOUND');
      }
      expectThreeDsSuccess(await complete(backend, paymentId, securityKey), request);
    });

    test('an unknown paymentId answers 404', async () => {
      expectError(await complete(backend, randomUUID(), forgedKey()), 404, 'NOT_FOUND');
    });

    test.each(['not-a-uuid', '12345', 'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ'])('a paymentId that is no UUID (%s) answers 404', async (paymentId) => {
      expectError(await complete(backend, paymentId, forgedKey()), 404, 'NOT_FOUND');
    });

    test('a direct sale has no 3-D Secure to complete', async () => {
      const { paymentId, body } = await sell(backend);
      const response = await complete(backend, paymentId, forgedKey());
      expect([404, 409], response.text).toContain(response.status);
      expect(await statusOf(paymentId)).toEqual(body);
    });

    test('a NOT_ENROLLED payment cannot be completed', async () => {
      const enrollment = await client.post('/api/3ds', threeDsRequest({}, cards.notEnrolled));
      expect(enrollment.body?.resultCode, enrollment.text).toBe('NOT_ENROLLED');
      const response = await complete(backend, enrollment.body.paymentId, forgedKey());
      expect([404, 409], response.text).toContain(response.status);
      expect((await statusOf(enrollment.body.paymentId)).status).toBe('FAILED');
    });

    test('without credentials the completion answers 401', async () => {
      const { paymentId, securityKey, request } = await authenticate(backend);
      expectError(await api(backend, null).post(`/api/3ds/${paymentId}/complete`, { securityKey }, { clientIp: uniqueClientIp() }), 401, 'UNAUTHORIZED');
      expectThreeDsSuccess(await complete(backend, paymentId, securityKey), request);
    });
  });

  describe.concurrent('expiry (15 minutes, shortened in the database)', () => {
    test.skipIf(!backend.databaseUrl)('an authenticated enrollment past its 15 minutes answers 409 INVALID_STATE; the payment is FAILED and its card data gone', async () => {
      const { paymentId, securityKey } = await authenticate(backend);
      expect(await vaultRow(backend, paymentId)).toBeDefined();
      await expireEnrollment(backend, paymentId);
      expectError(await complete(backend, paymentId, securityKey), 409, 'INVALID_STATE');
      const payment = await statusOf(paymentId);
      expectPaymentShape(payment);
      expect(payment).toMatchObject({ status: 'FAILED', authCode: null, authorizedAmount: null });
      expect(await vaultRow(backend, paymentId), 'card_vault row after expiry').toBeUndefined();
      // Nothing brings it back.
      const again = await complete(backend, paymentId, securityKey);
      expect(again.status === 409 || (again.status === 200 && again.body.status === 'FAILED'), again.text).toBe(true);
      expect((await statusOf(paymentId)).authCode).toBeNull();
    });

    test.skipIf(!backend.databaseUrl)('an enrollment that expires before the shopper answers: the issuer page is closed, completion 409 INVALID_STATE', async () => {
      const enrollment = await enroll(backend);
      await expireEnrollment(backend, enrollment.paymentId);
      expect((await openIssuerPage(enrollment)).status).toBe(410);
      const answer = await answerChallenge(`${backend.baseUrl}/sandbox/acs/challenge`, enrollment.reference, { code: VERIFICATION_CODE });
      expect(answer.status).toBe(410);
      expect(answer.text).not.toContain('securityKey');
      expectError(await complete(backend, enrollment.paymentId, forgedKey()), 409, 'INVALID_STATE');
      expect((await statusOf(enrollment.paymentId)).status).toBe('FAILED');
      expect(await vaultRow(backend, enrollment.paymentId)).toBeUndefined();
    });
  });

  describe('concurrent completions', () => {
    test(`${CONCURRENCY} concurrent completions with the right key: one authorization, every 200 the identical body`, async () => {
      const { paymentId, securityKey, request } = await authenticate(backend, { amount: 1000, installmentCount: 3, interestPaidByCustomer: true });
      const responses = await Promise.all(Array.from({ length: CONCURRENCY }, () => complete(backend, paymentId, securityKey)));
      const outcomes = responses.map((response) => `${response.status} ${response.body?.status ?? ''}${response.body?.resultCode ?? ''}`);
      const successes = responses.filter((response) => response.status === 200);
      expect(successes.length, outcomes.join(', ')).toBeGreaterThan(0);
      for (const response of responses) {
        if (response.status !== 200) expectError(response, 409, 'REQUEST_IN_PROGRESS');
      }
      const body = expectThreeDsSuccess(successes[0], request);
      for (const response of successes) expect(response.body).toEqual(body);
      expect(new Set(successes.map((response) => response.body.authCode)).size).toBe(1);
      expect(new Set(successes.map((response) => response.body.externalTransactionId)).size).toBe(1);
      expect(await statusOf(paymentId)).toEqual(body);
    });

    test(`${CONCURRENCY} concurrent completions with the failure key: all the same FAILED body`, async () => {
      const { paymentId, securityKey, request } = await failAuthentication(backend, 'cancel');
      const responses = await Promise.all(Array.from({ length: CONCURRENCY }, () => complete(backend, paymentId, securityKey)));
      const body = expectThreeDsFailure(responses[0], request, cards.world, 'THREE_DS_AUTH_FAILED');
      for (const response of responses) {
        expect(response.status, response.text).toBe(200);
        expect(response.body).toEqual(body);
      }
    });
  });
});
