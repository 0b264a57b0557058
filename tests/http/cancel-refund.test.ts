// POST /api/payment/{id}/cancel, POST /api/payment/{id}/refund and GET /api/payment/{id}/refunds (reference §10).
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { api } from '../support/api';
import { expectError, expectPaymentShape, expectValidationError } from '../support/assertions';
import { cards } from '../support/cards';
import { forEachBackend } from '../support/context';
import { sql } from '../support/database';
import { preAuthorize, sell } from '../support/flows';
import { expectedCommission } from '../support/requests';

forEachBackend((backend) => {
  const client = (merchant = backend.merchants.a) => api(backend, merchant);
  const cancel = (paymentId: string, body: unknown = {}, merchant = backend.merchants.a) => client(merchant).post(`/api/payment/${paymentId}/cancel`, body);
  const refund = (paymentId: string, body: unknown, options: { merchant?: typeof backend.merchants.a; idempotencyKey?: string } = {}) =>
    client(options.merchant).post(`/api/payment/${paymentId}/refund`, body, { idempotencyKey: options.idempotencyKey });
  const refundsOf = (paymentId: string, merchant = backend.merchants.a) => client(merchant).get(`/api/payment/${paymentId}/refunds`);
  const paymentOf = (paymentId: string) => client().get(`/api/payment/${paymentId}`);

  describe.concurrent('refund', () => {
    test('a sale refunded in three parts: each answers the running totals, the payment and the list add up', async () => {
      const { paymentId, request } = await sell(backend, { amount: 100 });
      const first = await refund(paymentId, { amount: 30, currency: 'TRY', reference: 'RET-1' });
      expect(first.status, first.text).toBe(200);
      expect(first.body).toMatchObject({
        paymentId,
        orderId: request.orderId,
        reference: 'RET-1',
        amount: 30,
        currency: 'TRY',
        status: 'SUCCESS',
        resultCode: 'SUCCESS',
        refundedAmount: 30,
        refundableAmount: 70,
      });
      expect(first.body.refundId).toMatch(/^[0-9a-f-]{36}$/);
      expect(first.body.externalTransactionId, 'the bank’s reference for the refund').toMatch(/^SBX\d{18}$/);
      expect(Math.abs(Date.parse(first.body.refundDate) - Date.now())).toBeLessThan(60_000);

      expect((await paymentOf(paymentId)).body).toMatchObject({ status: 'SUCCESS', refundedAmount: 30, refundStatus: 'PARTIALLY_REFUNDED' });
      const second = await refund(paymentId, { amount: 45.5, currency: 'TRY' });
      expect(second.body).toMatchObject({ status: 'SUCCESS', amount: 45.5, refundedAmount: 75.5, refundableAmount: 24.5, reference: null });
      const third = await refund(paymentId, { currency: 'TRY' });
      expect(third.body, 'amount left out: everything still refundable').toMatchObject({ status: 'SUCCESS', amount: 24.5, refundedAmount: 100, refundableAmount: 0 });

      const payment = await paymentOf(paymentId);
      expectPaymentShape(payment.body);
      expect(payment.body).toMatchObject({ status: 'SUCCESS', refundedAmount: 100, refundStatus: 'FULLY_REFUNDED', merchantCommission: expectedCommission(100, cards.world) });
      const list = await refundsOf(paymentId);
      expect(list.status).toBe(200);
      expect(list.body.refunds.map((r: { amount: number; refundedAmount: number }) => [r.amount, r.refundedAmount])).toEqual([
        [30, 30],
        [45.5, 75.5],
        [24.5, 100],
      ]);
      expectError(await refund(paymentId, { amount: 0.01, currency: 'TRY' }), 409, 'AMOUNT_EXCEEDS_REFUNDABLE');
    });

    test('a refund above what is still refundable is refused with the amount left, and writes nothing', async () => {
      const { paymentId } = await sell(backend, { amount: 50 });
      await refund(paymentId, { amount: 20, currency: 'TRY' });
      const refused = expectError(await refund(paymentId, { amount: 30.01, currency: 'TRY' }), 409, 'AMOUNT_EXCEEDS_REFUNDABLE');
      expect(refused.resultMessage).toContain('30');
      expect(refused.errors[0]).toMatchObject({ field: 'amount', code: 'AMOUNT_EXCEEDS_REFUNDABLE' });
      expect((await refundsOf(paymentId)).body.refunds).toHaveLength(1);
      expect((await refund(paymentId, { amount: 30, currency: 'TRY' })).body).toMatchObject({ status: 'SUCCESS', refundableAmount: 0 });
    });

    test('a repeated reference answers the same refund without refunding again; another amount under it is 409 DUPLICATE_REFERENCE', async () => {
      const { paymentId } = await sell(backend, { amount: 80 });
      const first = await refund(paymentId, { amount: 25, currency: 'TRY', reference: 'RETRY-1' });
      const again = await refund(paymentId, { amount: 25, currency: 'TRY', reference: 'RETRY-1' });
      expect(again.status).toBe(200);
      expect(again.body.refundId).toBe(first.body.refundId);
      expect(again.body).toMatchObject({ amount: 25, refundedAmount: 25, refundableAmount: 55 });
      expectError(await refund(paymentId, { amount: 26, currency: 'TRY', reference: 'RETRY-1' }), 409, 'DUPLICATE_REFERENCE');
      expect((await refundsOf(paymentId)).body.refunds).toHaveLength(1);
      expect((await paymentOf(paymentId)).body.refundedAmount).toBe(25);
      // The reference is unique per payment, not per merchant.
      const other = await sell(backend, { amount: 80 });
      expect((await refund(other.paymentId, { amount: 25, currency: 'TRY', reference: 'RETRY-1' })).body.refundId).not.toBe(first.body.refundId);
    });

    test('an Idempotency-Key replays the refund', async () => {
      const { paymentId } = await sell(backend, { amount: 60 });
      const key = randomUUID();
      const first = await refund(paymentId, { amount: 10, currency: 'TRY' }, { idempotencyKey: key });
      const replay = await refund(paymentId, { amount: 10, currency: 'TRY' }, { idempotencyKey: key });
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body).toEqual(first.body);
      expect((await paymentOf(paymentId)).body.refundedAmount).toBe(10);
    });

    test('a captured pre-authorization refunds up to the captured amount; an uncaptured one is refused (cancel it)', async () => {
      const { paymentId } = await preAuthorize(backend, { amount: 200 });
      const uncaptured = expectError(await refund(paymentId, { amount: 10, currency: 'TRY' }), 409, 'INVALID_STATE');
      expect(uncaptured.resultMessage).toMatch(/cancel/i);
      await client().post(`/api/pre-authorization/${paymentId}/capture`, { amount: 120, currency: 'TRY' });
      expectError(await refund(paymentId, { amount: 120.01, currency: 'TRY' }), 409, 'AMOUNT_EXCEEDS_REFUNDABLE');
      expect((await refund(paymentId, { currency: 'TRY' })).body).toMatchObject({ status: 'SUCCESS', amount: 120, refundableAmount: 0 });
      expect((await paymentOf(paymentId)).body).toMatchObject({ refundStatus: 'FULLY_REFUNDED', refundedAmount: 120 });
    });

    test('a bank decline is 200 status FAILED REFUND_DECLINED and refunds nothing', async () => {
      const { paymentId } = await sell(backend, { amount: 40, currency: 'USD' }, cards.irreversible);
      const declined = await refund(paymentId, { amount: 40, currency: 'USD' });
      expect(declined.status, declined.text).toBe(200);
      expect(declined.body).toMatchObject({ status: 'FAILED', resultCode: 'REFUND_DECLINED', refundedAmount: 0, refundableAmount: 40 });
      expect((await paymentOf(paymentId)).body).toMatchObject({ refundedAmount: 0, refundStatus: 'NOT_REFUNDED' });
      expect((await refundsOf(paymentId)).body.refunds.map((r: { status: string }) => r.status)).toEqual(['FAILED']);
    });

    test('other currency is 400 CURRENCY_MISMATCH; bad amounts, references and reasons are 400 naming the field', async () => {
      const { paymentId } = await sell(backend, { amount: 30 });
      const mismatch = expectError(await refund(paymentId, { amount: 10, currency: 'USD' }), 400, 'CURRENCY_MISMATCH');
      expect(mismatch.errors[0]).toMatchObject({ field: 'currency' });
      expectValidationError(await refund(paymentId, { amount: 0, currency: 'TRY' }), 'amount');
      expectValidationError(await refund(paymentId, { amount: -5, currency: 'TRY' }), 'amount');
      expectValidationError(await refund(paymentId, { amount: 1.005, currency: 'TRY' }), 'amount');
      expectValidationError(await refund(paymentId, { amount: 1, currency: 'TRY', reference: 'has space' }), 'reference');
      expectValidationError(await refund(paymentId, { amount: 1, currency: 'TRY', reason: 'x'.repeat(201) }), 'reason');
      expectValidationError(await refund(paymentId, { amount: 1 }), 'currency');
      expect((await refundsOf(paymentId)).body.refunds).toEqual([]);
    });

    test('declined, cancelled and unknown payments cannot be refunded; another merchant’s answer 404', async () => {
      const declined = await sell(backend, {}, cards.doNotHonor);
      expectError(await refund(declined.paymentId, { amount: 1, currency: 'TRY' }), 409, 'INVALID_STATE');
      const { paymentId } = await sell(backend, { amount: 30 });
      expectError(await refund(paymentId, { amount: 1, currency: 'TRY' }, { merchant: backend.merchants.b }), 404, 'NOT_FOUND');
      expectError(await refundsOf(paymentId, backend.merchants.b), 404, 'NOT_FOUND');
      expectError(await cancel(paymentId, {}, backend.merchants.b), 404, 'NOT_FOUND');
      expectError(await refund(randomUUID(), { amount: 1, currency: 'TRY' }), 404, 'NOT_FOUND');
      expectError(await refund('not-a-uuid', { amount: 1, currency: 'TRY' }), 404, 'NOT_FOUND');
      expect((await paymentOf(paymentId)).body.status, 'merchant b’s attempts changed nothing').toBe('SUCCESS');
      await cancel(paymentId);
      expectError(await refund(paymentId, { amount: 1, currency: 'TRY' }), 409, 'INVALID_STATE');
    });
  });

  describe.concurrent('cancel', () => {
    test('an uncaptured pre-authorization is voided: CANCELLED, cancelledAt, commission 0; capture is then refused; a repeat answers the same', async () => {
      const { paymentId } = await preAuthorize(backend, { amount: 150 });
      const cancelled = await cancel(paymentId, { reason: 'Out of stock' });
      expect(cancelled.status, cancelled.text).toBe(200);
      expectPaymentShape(cancelled.body);
      expect(cancelled.body).toMatchObject({ paymentId, status: 'CANCELLED', merchantCommission: 0, refundedAmount: 0, refundStatus: 'NOT_REFUNDED' });
      expect(Math.abs(Date.parse(cancelled.body.cancelledAt) - Date.now())).toBeLessThan(60_000);
      expect((await cancel(paymentId)).body).toEqual(cancelled.body);
      expect((await paymentOf(paymentId)).body).toEqual(cancelled.body);
      expectError(await client().post(`/api/pre-authorization/${paymentId}/capture`, { amount: 150, currency: 'TRY' }), 409, 'INVALID_STATE');
    });

    test('a sale is cancelled the same day: CANCELLED with commission 0', async () => {
      const { paymentId } = await sell(backend, { amount: 99.9 });
      const cancelled = await cancel(paymentId);
      expect(cancelled.status, cancelled.text).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'CANCELLED', merchantCommission: 0, amount: 99.9, totalAmount: 99.9 });
    });

    test('after a refund, a cancel is 409 INVALID_STATE saying to refund instead', async () => {
      const { paymentId } = await sell(backend, { amount: 70 });
      await refund(paymentId, { amount: 10, currency: 'TRY' });
      const refused = expectError(await cancel(paymentId), 409, 'INVALID_STATE');
      expect(refused.resultMessage).toMatch(/refund/i);
      expect((await paymentOf(paymentId)).body.status).toBe('SUCCESS');
    });

    test('declined and failed payments cannot be cancelled; a bank decline of the cancel is 422 CANCEL_DECLINED and the payment stands', async () => {
      const declined = await sell(backend, {}, cards.insufficientFunds);
      expectError(await cancel(declined.paymentId), 409, 'INVALID_STATE');
      const { paymentId } = await sell(backend, { amount: 15, currency: 'USD' }, cards.irreversible);
      const refused = expectError(await cancel(paymentId), 422, 'CANCEL_DECLINED');
      expect(refused.errors[0]).toMatchObject({ code: 'CANCEL_DECLINED' });
      expect((await paymentOf(paymentId)).body).toMatchObject({ status: 'SUCCESS', cancelledAt: null });
      expectValidationError(await cancel(paymentId, { reason: 'r'.repeat(201) }), 'reason');
    });

    test('concurrent cancel and refunds of one sale: either it is cancelled and nothing refunded, or it stands with its refunds', async () => {
      const { paymentId } = await sell(backend, { amount: 100 });
      const answers = await Promise.all([cancel(paymentId), refund(paymentId, { amount: 40, currency: 'TRY' }), refund(paymentId, { amount: 40, currency: 'TRY' })]);
      const payment = (await paymentOf(paymentId)).body;
      const refunded = answers.slice(1).filter((answer) => answer.status === 200 && answer.body.status === 'SUCCESS').length;
      if (answers[0].status === 200) {
        expect(payment).toMatchObject({ status: 'CANCELLED', refundedAmount: 0 });
        expect(refunded).toBe(0);
      } else {
        expect(payment).toMatchObject({ status: 'SUCCESS', refundedAmount: 80 });
        expect(refunded).toBe(2);
      }
    });
  });

  test('20 concurrent refunds of 10.00 on a 100.00 sale: exactly 10 succeed, the rest are refused, and the rows add up', async () => {
    const { paymentId } = await sell(backend, { amount: 100 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => refund(paymentId, { amount: 10, currency: 'TRY' })));
    const outcomes = answers.map((answer) => `${answer.status} ${answer.body.status ?? answer.body.resultCode}`);
    expect(outcomes.filter((outcome) => outcome === '200 SUCCESS')).toHaveLength(10);
    expect(outcomes.filter((outcome) => outcome === '409 AMOUNT_EXCEEDS_REFUNDABLE')).toHaveLength(10);
    const list = (await refundsOf(paymentId)).body.refunds;
    expect(list).toHaveLength(10);
    expect(list.at(-1).refundedAmount).toBe(100);
    expect((await paymentOf(paymentId)).body).toMatchObject({ refundedAmount: 100, refundStatus: 'FULLY_REFUNDED' });
  });

  test('concurrent refunds under one reference make one refund, approved or declined, and every answer names it', async () => {
    const { paymentId } = await sell(backend, { amount: 100 });
    const approved = await Promise.all(Array.from({ length: 6 }, () => refund(paymentId, { amount: 100, currency: 'TRY', reference: 'ONCE' })));
    expect(approved.map((answer) => `${answer.status} ${answer.body.status}`)).toEqual(Array(6).fill('200 SUCCESS'));
    expect(new Set(approved.map((answer) => answer.body.refundId)).size).toBe(1);
    expect((await paymentOf(paymentId)).body.refundedAmount).toBe(100);

    const irreversible = await sell(backend, { amount: 40, currency: 'USD' }, cards.irreversible);
    const declined = await Promise.all(Array.from({ length: 6 }, () => refund(irreversible.paymentId, { amount: 40, currency: 'USD', reference: 'ONCE' })));
    expect(declined.map((answer) => `${answer.status} ${answer.body.status}`)).toEqual(Array(6).fill('200 FAILED'));
    expect(new Set(declined.map((answer) => answer.body.refundId)).size).toBe(1);
    expect((await refundsOf(irreversible.paymentId)).body.refunds).toHaveLength(1);
  });

  test('GET /api/refunds pages the merchant’s refunds newest first by payment and status; GET /api/payments filters by refundStatus', async () => {
    const merchant = backend.merchants.b;
    const { paymentId } = await sell(backend, { amount: 90 }, cards.world, merchant);
    const declinedRefunds = await sell(backend, { amount: 90, currency: 'USD' }, cards.irreversible, merchant);
    for (const amount of [10, 20, 30]) await refund(paymentId, { amount, currency: 'TRY' }, { merchant });
    await refund(declinedRefunds.paymentId, { amount: 5, currency: 'USD' }, { merchant });
    const refunds = (query: string) => client(merchant).get(`/api/refunds?${query}`);
    const page1 = await refunds(`paymentId=${paymentId}&limit=2`);
    expect(page1.status, page1.text).toBe(200);
    expect(page1.body.data.map((r: { amount: number }) => r.amount)).toEqual([30, 20]);
    const page2 = await refunds(`paymentId=${paymentId}&limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body).toMatchObject({ data: [{ amount: 10, refundedAmount: 60, refundableAmount: 30 }], nextCursor: null });
    expect((await refunds(`paymentId=${declinedRefunds.paymentId}&status=FAILED`)).body.data.map((r: { resultCode: string }) => r.resultCode)).toEqual(['REFUND_DECLINED']);
    expect((await refunds(`paymentId=${paymentId}&status=FAILED`)).body.data).toEqual([]);
    expect((await client().get(`/api/refunds?paymentId=${paymentId}`)).body.data, 'another merchant sees none of them').toEqual([]);
    expectValidationError(await refunds('status=REFUNDED'), 'status');
    const partially = await client(merchant).get(`/api/payments?refundStatus=PARTIALLY_REFUNDED&limit=100`);
    const ids = partially.body.data.map((p: { paymentId: string }) => p.paymentId);
    expect(ids).toContain(paymentId);
    expect(ids).not.toContain(declinedRefunds.paymentId);
    const csv = await client(merchant).get(`/api/refunds?paymentId=${paymentId}`, { headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.trim().split('\n')).toHaveLength(4);
  });

  if (backend.databaseUrl) {
    describe.concurrent('dates (postgres: times moved in the database)', () => {
      test('a sale from yesterday cannot be cancelled (refund it instead), but can be refunded', async () => {
        const { paymentId } = await sell(backend, { amount: 25 });
        await sql(backend, `UPDATE payments SET created_at = created_at - interval '2 days' WHERE id = $1`, [paymentId]);
        const refused = expectError(await cancel(paymentId), 409, 'INVALID_STATE');
        expect(refused.resultMessage).toMatch(/refund it instead/);
        expect((await refund(paymentId, { amount: 25, currency: 'TRY' })).body.status).toBe('SUCCESS');
      });

      test('a payment older than 365 days cannot be refunded', async () => {
        const { paymentId } = await sell(backend, { amount: 25 });
        await sql(backend, `UPDATE payments SET created_at = created_at - interval '366 days' WHERE id = $1`, [paymentId]);
        const refused = expectError(await refund(paymentId, { amount: 5, currency: 'TRY' }), 409, 'INVALID_STATE');
        expect(refused.resultMessage).toContain('365');
      });

      test('a pre-authorization past its window cannot be cancelled or captured', async () => {
        const { paymentId } = await preAuthorize(backend, { amount: 25 });
        await sql(backend, `UPDATE payments SET authorization_expires_at = now() - interval '1 minute' WHERE id = $1`, [paymentId]);
        expectError(await cancel(paymentId), 409, 'INVALID_STATE');
        expectError(await client().post(`/api/pre-authorization/${paymentId}/capture`, { amount: 25, currency: 'TRY' }), 409, 'INVALID_STATE');
      });

      test('a refund interrupted at the bank (left PROCESSING) is settled by the recovery job and counted once', async () => {
        const { paymentId } = await sell(backend, { amount: 50 });
        const done = await refund(paymentId, { amount: 20, currency: 'TRY' });
        // As a kill -9 between "refund written" and "bank answered" leaves it.
        await sql(backend, `UPDATE refunds SET status = 'PROCESSING', result_code = NULL, settled_at = NULL, processing_started_at = now() - interval '5 minutes' WHERE id = $1`, [done.body.refundId]);
        await sql(backend, `UPDATE payments SET refunded_amount = 0 WHERE id = $1`, [paymentId]);
        expectError(await refund(paymentId, { amount: 30.01, currency: 'TRY' }), 409, 'AMOUNT_EXCEEDS_REFUNDABLE');
        const pending = (await refundsOf(paymentId)).body.refunds[0];
        expect(pending).toMatchObject({ status: 'PENDING', resultCode: 'REFUND_PENDING' });
        let settled = pending;
        for (let tries = 0; tries < 90 && settled.status === 'PENDING'; tries++) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          settled = (await refundsOf(paymentId)).body.refunds[0];
        }
        expect(settled).toMatchObject({ refundId: done.body.refundId, status: 'SUCCESS', refundedAmount: 20 });
        expect((await paymentOf(paymentId)).body.refundedAmount).toBe(20);
      }, 120_000);
    });
  }
});
