// Valid requests, generated from the §2 rules, answer 200 on every merchant endpoint (merchant A).
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { uniqueClientIp } from '../support/api';
import { expectApprovedPayment, expectDeclinedPayment, expectUnpaidCheckout, UUID } from '../support/assertions';
import { cards, type TestCard } from '../support/cards';
import { forEachBackend } from '../support/context';
import { expectedInstallmentOptions, toMinor, type PaymentRequest } from '../support/requests';
import { authenticate, complete, expectThreeDsFailure, expectThreeDsSuccess, failAuthentication } from '../support/three-ds';
import { checkProperty, PROPERTY_TIMEOUT_MS } from './support/budget';
import { send } from './support/client';
import { describeSent, expectContractAnswer } from './support/contract';
import { JsonObject, toJsonText, type Fields } from './support/json';
import { extraMembers, fresh, validCheckout, validInstallmentOptions, validPayment, validThreeDs } from './support/requests';
import { approvedCardName, cardHolderName, cardName, hostileJson, money, uniqueOrderId } from './support/values';

/** What the §4 assertions of tests/support compare with: the request as the server reads it (name trimmed). */
const asRequest = (body: Fields) => ({ ...body, cardHolderName: String(body.cardHolderName).trim() }) as unknown as PaymentRequest;

/** §6 options the server must list: counts 2…max whose every installment is at least one minor unit. */
function expectedOptions(amount: number, currency: string, interestPaidByCustomer: boolean, max: number) {
  return expectedInstallmentOptions(amount, currency, interestPaidByCustomer, max).filter((option) => {
    const installment = toMinor(option.installmentAmount);
    return installment >= 1 && toMinor(option.totalAmount) - (option.installmentCount - 1) * installment >= 1;
  });
}

forEachBackend((backend) => {
  const merchant = backend.merchants.a;

  for (const path of ['/api/payment', '/api/pre-authorization'] as const) {
    const name = path === '/api/payment' ? 'POST /api/payment: valid requests answer 200' : 'POST /api/pre-authorization: valid requests answer 200';
    const transactionType = path === '/api/payment' ? 'SALE' : 'PRE_AUTHORIZATION';
    test(name, async () => {
      const clientIp = uniqueClientIp();
      await checkProperty(
        name,
        backend,
        fc.asyncProperty(validPayment, async ({ body, card }) => {
          const request = fresh(body);
          const { response, sent } = await send(backend, merchant, { path, body: request, clientIp });
          expectContractAnswer(response, sent);
          const expectation = { request: asRequest(request), card: cards[card], transactionType } as const;
          const payment = cards[card].outcome === 'APPROVED' ? expectApprovedPayment(response, expectation) : expectDeclinedPayment(response, expectation);
          const again = await send(backend, merchant, { method: 'GET', path: `/api/payment/${payment.paymentId}`, clientIp });
          expect(again.response.status, describeSent(again.sent)).toBe(200);
          expect(again.response.body, 'GET /api/payment/{id} answers what the POST answered').toEqual(payment);
        }),
      );
    }, PROPERTY_TIMEOUT_MS);
  }

  test('POST /api/pre-authorization/{id}/capture: valid captures answer 200', async () => {
    const clientIp = uniqueClientIp();
    const capture = approvedCardName.chain((card) =>
      fc.record({
        payment: validPayment.map((generated) => ({ ...generated, card, body: { ...generated.body, pan: cards[card].pan, cvv: cards[card].cvv } })),
        share: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
      }),
    );
    await checkProperty(
      'POST /api/pre-authorization/{id}/capture: valid captures answer 200',
      backend,
      fc.asyncProperty(capture, async ({ payment: { body, card }, share }) => {
        const request = fresh(body);
        const authorized = await send(backend, merchant, { path: '/api/pre-authorization', body: request, clientIp });
        const preAuth = expectApprovedPayment(authorized.response, { request: asRequest(request), card: cards[card], transactionType: 'PRE_AUTHORIZATION' });
        const authorizedMinor = toMinor(request.amount as number);
        const amount = Math.max(1, Math.floor(authorizedMinor * share)) / 100;
        const { response, sent } = await send(backend, merchant, {
          path: `/api/pre-authorization/${preAuth.paymentId}/capture`,
          body: { amount, currency: request.currency },
          clientIp,
        });
        expectContractAnswer(response, sent);
        expect(response.status, describeSent(sent)).toBe(200);
        expect(response.body).toMatchObject({
          paymentId: preAuth.paymentId,
          status: 'SUCCESS',
          transactionType: 'PRE_AUTHORIZATION',
          amount,
          capturedAmount: amount,
          authorizedAmount: request.amount,
          currency: request.currency,
        });
        const after = await send(backend, merchant, { method: 'GET', path: `/api/payment/${preAuth.paymentId}`, clientIp });
        expect(after.response.body?.capturedAmount, describeSent(after.sent)).toBe(amount);
      }),
    );
  }, PROPERTY_TIMEOUT_MS);

  test('POST /api/3ds: valid requests answer 200', async () => {
    const clientIp = uniqueClientIp();
    await checkProperty(
      'POST /api/3ds: valid requests answer 200',
      backend,
      fc.asyncProperty(validThreeDs, async ({ body, card, installmentPick }) => {
        const request = fresh(body);
        // An installment count the card allows for this amount (/api/installment-options says which).
        if (installmentPick > 0) {
          const options = await send(backend, merchant, {
            path: '/api/installment-options',
            body: { amount: request.amount, currency: request.currency, pan: request.pan, interestPaidByCustomer: request.interestPaidByCustomer ?? false },
            clientIp,
          });
          expect(options.response.status, describeSent(options.sent)).toBe(200);
          const list = options.response.body.options as { installmentCount: number }[];
          if (list.length > 0) request.installmentCount = list[(installmentPick - 1) % list.length].installmentCount;
        }
        const { response, sent } = await send(backend, merchant, { path: '/api/3ds', body: request, clientIp });
        expectContractAnswer(response, sent);
        expect(response.status, `${describeSent(sent)}\n→ ${response.text.slice(0, 400)}`).toBe(200);
        const enrolled = cards[card] !== cards.notEnrolled;
        expect(response.body).toMatchObject(enrolled ? { success: true, resultCode: 'SUCCESS' } : { success: false, resultCode: 'NOT_ENROLLED' });
        expect(response.body.paymentId).toMatch(UUID);
        if (enrolled) expect(response.body.htmlContent).toMatch(/<form/i);
        const payment = await send(backend, merchant, { method: 'GET', path: `/api/payment/${response.body.paymentId}`, clientIp });
        expect(payment.response.status, describeSent(payment.sent)).toBe(200);
        expect(payment.response.body).toMatchObject({
          status: enrolled ? 'ENROLLED' : 'FAILED',
          orderId: request.orderId,
          amount: request.amount,
          currency: request.currency,
          installmentCount: request.installmentCount ?? 1,
        });
      }),
    );
  }, PROPERTY_TIMEOUT_MS);

  test('POST /api/3ds/{id}/complete: the issued key answers 200 with the final result', async () => {
    const completion = fc.record({
      card: cardName.filter((name) => cards[name] !== cards.notEnrolled),
      authenticated: fc.boolean(),
      money,
      cardHolderName,
    });
    await checkProperty(
      'POST /api/3ds/{id}/complete: the issued key answers 200 with the final result',
      backend,
      fc.asyncProperty(completion, async ({ card: name, authenticated, money: { amount, currency }, cardHolderName: holder }) => {
        const card: TestCard = cards[name];
        const overrides = { amount, currency, cardHolderName: holder.trim(), cvv: card.cvv };
        const flow = authenticated ? await authenticate(backend, overrides, card, merchant) : await failAuthentication(backend, 'cancel', overrides, card);
        const request = flow.request;
        const first = await complete(backend, flow.paymentId, flow.securityKey, merchant);
        expectContractAnswer(first, { method: 'POST', path: `/api/3ds/${flow.paymentId}/complete`, body: '{"securityKey":"…"}' });
        if (!authenticated) expectThreeDsFailure(first, request, card, 'THREE_DS_AUTH_FAILED');
        else if (card.outcome === 'APPROVED') expectThreeDsSuccess(first, request, card);
        else expectThreeDsFailure(first, request, card, card.outcome);
        const repeated = await complete(backend, flow.paymentId, flow.securityKey, merchant);
        expect(repeated.status).toBe(200);
        expect(repeated.body, 'repeating a completed call answers the same final result').toEqual(first.body);
      }),
    );
  }, PROPERTY_TIMEOUT_MS);

  test('POST /api/installment-options: valid requests answer 200 with the §6 options', async () => {
    const clientIp = uniqueClientIp();
    await checkProperty(
      'POST /api/installment-options: valid requests answer 200 with the §6 options',
      backend,
      fc.asyncProperty(validInstallmentOptions, async ({ body, card }) => {
        const { response, sent } = await send(backend, merchant, { path: '/api/installment-options', body, clientIp });
        expectContractAnswer(response, sent);
        expect(response.status, describeSent(sent)).toBe(200);
        const expected = cards[card].installments
          ? expectedOptions(body.amount as number, body.currency as string, (body.interestPaidByCustomer as boolean | undefined) ?? false, (body.maxInstallmentCount as number | undefined) ?? 12)
          : [];
        expect(response.body, describeSent(sent)).toEqual({ options: expected });
      }),
    );
  }, PROPERTY_TIMEOUT_MS);

  test('POST /api/checkout: valid requests answer 200, GET shows it PENDING', async () => {
    const clientIp = uniqueClientIp();
    await checkProperty(
      'POST /api/checkout: valid requests answer 200, GET shows it PENDING',
      backend,
      fc.asyncProperty(validCheckout, async (body) => {
        const request = fresh(body);
        const { response, sent } = await send(backend, merchant, { path: '/api/checkout', body: request, clientIp });
        expectContractAnswer(response, sent);
        expect(response.status, `${describeSent(sent)}\n→ ${response.text.slice(0, 400)}`).toBe(200);
        expect(response.body.checkoutId).toMatch(UUID);
        expect(response.body.redirectUrl).toBe(`${backend.baseUrl}/checkout-link/${response.body.checkoutId}`);
        const status = await send(backend, merchant, { method: 'GET', path: `/api/checkout/${response.body.checkoutId}`, clientIp });
        expectUnpaidCheckout(status.response, request as never);
      }),
    );
  }, PROPERTY_TIMEOUT_MS);

  test('valid requests with extra fields, repeated keys and JSON content types answer 200', async () => {
    const clientIp = uniqueClientIp();
    const endpoint = fc.constantFrom('/api/payment', '/api/pre-authorization', '/api/checkout', '/api/installment-options');
    const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'Application/JSON', 'application/json;charset=UTF-8', 'application/json ; charset=utf-8');
    const cases = fc.record({
      endpoint,
      payment: validPayment.filter(({ card }) => cards[card].outcome === 'APPROVED'),
      checkout: validCheckout,
      options: validInstallmentOptions,
      extra: extraMembers,
      // Members sent twice: first a hostile value, then (last, the one that counts) the valid one.
      repeated: fc.uniqueArray(fc.nat({ max: 20 }), { maxLength: 3 }),
      hostile: fc.array(hostileJson.filter((value) => toJsonText(value).length < 2_000), { minLength: 3, maxLength: 3 }),
      contentType,
      idempotencyKey: fc.option(fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 200 }), { nil: undefined }),
    });
    await checkProperty(
      'valid requests with extra fields, repeated keys and JSON content types answer 200',
      backend,
      fc.asyncProperty(cases, async ({ endpoint: path, payment, checkout, options, extra, repeated, hostile, contentType: type, idempotencyKey }) => {
        const body = path === '/api/checkout' ? fresh(checkout) : path === '/api/installment-options' ? options.body : fresh(payment.body);
        const members = Object.entries(body);
        const entries: [string, unknown][] = [];
        repeated.forEach((index, n) => entries.push([members[index % members.length][0], hostile[n]]));
        entries.push(...members);
        for (const [key, value] of Object.entries(extra)) if (!(key in body)) entries.push([key, value]);
        const { response, sent } = await send(backend, merchant, {
          path,
          body: new JsonObject(entries),
          headers: { 'content-type': type },
          // Unique per send: shrinking replays a case, and a key reused with another body answers 409.
          idempotencyKey: idempotencyKey === undefined ? undefined : `${idempotencyKey}${uniqueOrderId('')}`,
          clientIp,
        });
        expectContractAnswer(response, sent);
        expect(response.status, `${describeSent(sent)}\n→ ${response.text.slice(0, 400)}`).toBe(200);
      }),
    );
  }, PROPERTY_TIMEOUT_MS);
});
