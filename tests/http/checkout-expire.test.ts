// §10 POST /api/checkout/{checkoutId}/expire: an unpaid link ends now (GET then answers EXPIRED), an
// attempt already on the 3-D Secure page is never charged, a paid link answers 409, another
// merchant's 404, and a repeat the same body.
import { describe, expect, test } from 'vitest';
import { api, uniqueClientIp } from '../support/api';
import { expectError, expectPaymentShape, expectUnpaidCheckout } from '../support/assertions';
import { cards } from '../support/cards';
import { startCheckoutPayment } from '../support/checkout-action';
import { forEachBackend, type Backend } from '../support/context';
import { sql } from '../support/database';
import { onlyForm } from '../support/html';
import { checkoutRequest, futureExpiry } from '../support/requests';
import { answerChallenge, postForm, VERIFICATION_CODE } from '../support/three-ds';

/** Pay on the hosted checkout up to its issuer page: the challenge's URL and reference. */
async function openChallenge(backend: Backend, checkoutId: string) {
  const { expiryMonth, expiryYear } = futureExpiry();
  const form = { cardHolderName: 'Ayşe Yılmaz', pan: cards.world.pan, expiry: `${expiryMonth}/${expiryYear}`, cvv: cards.world.cvv, installmentCount: 1 };
  const answer = await startCheckoutPayment(backend.baseUrl, checkoutId, form, { clientIp: uniqueClientIp() });
  const result = answer.result;
  expect(result?.ok, answer.text.slice(0, 500)).toBe(true);
  if (!result?.ok || result.next.kind !== 'challenge') throw new Error(`no challenge: ${answer.text.slice(0, 500)}`);
  const issuerPage = await postForm(result.next.url, result.next.fields);
  expect(issuerPage.status, issuerPage.text.slice(0, 300)).toBe(200);
  const challengeUrl = new URL(onlyForm(issuerPage.text).action, issuerPage.url).toString();
  return { challengeUrl, reference: result.next.fields.reference, form };
}

/** The issuer page's right code: its return page posts paymentId and securityKey to the checkout's 3ds-return. */
async function authenticateOnIssuerPage(challenge: { challengeUrl: string; reference: string }) {
  const page = await answerChallenge(challenge.challengeUrl, challenge.reference, { code: VERIFICATION_CODE });
  expect(page.status, page.text.slice(0, 300)).toBe(200);
  const form = onlyForm(page.text);
  return { postTo: form.action, paymentId: form.hidden.paymentId, securityKey: form.hidden.securityKey };
}

forEachBackend((backend) => {
  const client = api(backend);
  const other = api(backend, backend.merchants.b);
  const create = async (overrides = {}) => {
    const request = checkoutRequest(overrides);
    const created = await client.post('/api/checkout', request);
    expect(created.status, created.text).toBe(200);
    return { request, checkoutId: created.body.checkoutId as string };
  };
  const expire = (checkoutId: string, merchant = client) => merchant.post(`/api/checkout/${checkoutId}/expire`, {});

  describe('POST /api/checkout/{checkoutId}/expire', () => {
    test('an unpaid link answers status EXPIRED, the body GET answers from then on; repeating answers the same', async () => {
      const { request, checkoutId } = await create({ customerId: 'CUST-expire' });
      const expired = await expire(checkoutId);
      expectUnpaidCheckout(expired, request, 'EXPIRED');
      const fetched = await client.get(`/api/checkout/${checkoutId}`);
      expect(fetched.body).toEqual(expired.body);
      const again = await expire(checkoutId);
      expect(again.status, again.text).toBe(200);
      expect(again.body).toEqual(expired.body);
    });

    test('works without a body, and an Idempotency-Key replay answers the stored body', async () => {
      const { request, checkoutId } = await create();
      const bare = await fetch(`${backend.baseUrl}/api/checkout/${checkoutId}/expire`, {
        method: 'POST',
        headers: { 'X-API-KEY': backend.merchants.a.apiKey, 'X-API-SECRET': backend.merchants.a.apiSecret, 'Idempotency-Key': `expire-${checkoutId}` },
      });
      expect(bare.status).toBe(200);
      const body = await bare.json();
      expect(body).toMatchObject({ status: 'EXPIRED', orderId: request.orderId, paymentId: null });
      const replay = await client.post(`/api/checkout/${checkoutId}/expire`, undefined, { headers: { 'Idempotency-Key': `expire-${checkoutId}` } });
      expect(replay.status, replay.text).toBe(200);
      expect(replay.body).toEqual(body);
    });

    test("another merchant's checkout answers 404 NOT_FOUND and stays open; an unknown or malformed id 404", async () => {
      const { request, checkoutId } = await create();
      expectError(await expire(checkoutId, other), 404, 'NOT_FOUND');
      expectUnpaidCheckout(await client.get(`/api/checkout/${checkoutId}`), request, 'PENDING');
      expectError(await expire('7d0c1f7e-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
      expectError(await expire('not-a-uuid'), 404, 'NOT_FOUND');
    });

    test('a paid link answers 409 INVALID_STATE and GET still answers SUCCESS', async () => {
      const { checkoutId } = await create();
      const returned = await authenticateOnIssuerPage(await openChallenge(backend, checkoutId));
      const back = await postForm(returned.postTo, { paymentId: returned.paymentId, securityKey: returned.securityKey });
      expect(back.status).toBe(200);
      const paid = await client.get(`/api/checkout/${checkoutId}`);
      expect(paid.body).toMatchObject({ status: 'SUCCESS', paymentId: returned.paymentId });
      const refused = expectError(await expire(checkoutId), 409, 'INVALID_STATE');
      expect(refused.resultMessage).toMatch(/paid/i);
      expect((await client.get(`/api/checkout/${checkoutId}`)).body).toEqual(paid.body);
    });

    test('the issuer page of an attempt under way closes: the right code then changes nothing and the card is not charged', async () => {
      const { checkoutId } = await create();
      const challenge = await openChallenge(backend, checkoutId);
      const expired = await expire(checkoutId);
      expect(expired.status, expired.text).toBe(200);
      expectPaymentShape(expired.body);
      expect(expired.body).toMatchObject({ status: 'EXPIRED', resultCode: 'CHECKOUT_EXPIRED', authCode: null });
      const page = await answerChallenge(challenge.challengeUrl, challenge.reference, { code: VERIFICATION_CODE });
      expect(page.status).toBe(410);
      expect(page.text).toContain('no longer open');
      expect((await client.get(`/api/checkout/${checkoutId}`)).body).toEqual(expired.body);
      const payment = await client.get(`/api/payment/${expired.body.paymentId}`);
      expect(payment.body).toMatchObject({ status: 'FAILED', resultCode: 'CHECKOUT_EXPIRED', authCode: null, merchantCommission: 0 });
    });

    test('an attempt authenticated at the issuer but not yet returned is not authorized when it returns after the expiry', async () => {
      const { checkoutId } = await create();
      const returned = await authenticateOnIssuerPage(await openChallenge(backend, checkoutId));
      const expired = await expire(checkoutId);
      expect(expired.body).toMatchObject({ status: 'EXPIRED', paymentId: returned.paymentId, resultCode: 'CHECKOUT_EXPIRED' });
      const back = await postForm(returned.postTo, { paymentId: returned.paymentId, securityKey: returned.securityKey });
      expect(back.status).toBe(200);
      expect(back.text).toContain(`result=${returned.paymentId}`);
      const payment = await client.get(`/api/payment/${returned.paymentId}`);
      expect(payment.body).toMatchObject({ status: 'FAILED', resultCode: 'CHECKOUT_EXPIRED', authCode: null });
      expect((await client.get(`/api/checkout/${checkoutId}`)).body).toEqual(expired.body);
      // The merchant's own completion with the key answers the same failed payment, not a charge.
      const completed = await client.post(`/api/3ds/${returned.paymentId}/complete`, { securityKey: returned.securityKey });
      expect(completed.body).toMatchObject({ status: 'FAILED', resultCode: 'CHECKOUT_EXPIRED' });
    });

    test('a card submission after the expiry is refused with CHECKOUT_EXPIRED, and the order can be paid through a new link', async () => {
      const { request, checkoutId } = await create();
      await openChallenge(backend, checkoutId);
      await expire(checkoutId);
      const { expiryMonth, expiryYear } = futureExpiry();
      const form = { cardHolderName: 'Ayşe Yılmaz', pan: cards.world.pan, expiry: `${expiryMonth}/${expiryYear}`, cvv: cards.world.cvv, installmentCount: 1 };
      const answer = await startCheckoutPayment(backend.baseUrl, checkoutId, form, { clientIp: uniqueClientIp() });
      expect(answer.result).toMatchObject({ ok: false, code: 'CHECKOUT_EXPIRED' });
      const again = await client.post('/api/checkout', request);
      expect(again.status, again.text).toBe(200);
      expect(again.body.checkoutId).not.toBe(checkoutId);
    });

    test.skipIf(!backend.databaseUrl)('writes one EXPIRED callback and one checkout.expired event carrying the answer and the checkoutId', async () => {
      const { checkoutId } = await create();
      await openChallenge(backend, checkoutId);
      const expired = await expire(checkoutId);
      await expire(checkoutId);
      const deliveries = await sql<{ checkout_status: string }>(backend, 'SELECT checkout_status FROM callback_deliveries WHERE checkout_id = $1 ORDER BY sequence', [
        checkoutId,
      ]);
      // The superseded 3-D Secure attempt is not a processed attempt: the expiry is the only event.
      expect(deliveries.map((row) => row.checkout_status)).toEqual(['EXPIRED']);
      const events = await sql<{ type: string; data: unknown; merchant_id: string }>(
        backend,
        'SELECT type, data, merchant_id FROM events WHERE checkout_id = $1 ORDER BY created_at',
        [checkoutId],
      );
      expect(events.filter((event) => event.type === 'checkout.expired')).toEqual([
        { type: 'checkout.expired', merchant_id: backend.merchants.a.merchantId, data: { ...expired.body, checkoutId } },
      ]);
      const [row] = await sql<{ status: string; failed_attempts: number }>(backend, 'SELECT status, failed_attempts FROM checkouts WHERE id = $1', [checkoutId]);
      expect(row).toEqual({ status: 'EXPIRED', failed_attempts: 0 });
    });
  });
});
