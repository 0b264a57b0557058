/**
 * After a crash: what the API answers now, compared with what it answered before. Every object whose
 * request was answered 200 must be there with the answered state; objects whose last request got no
 * answer may be in either the earlier or the later state (or PENDING: an authorization in flight).
 */
import { omit } from '../support/omit';
import { isDeepStrictEqual } from 'node:util';
import { api } from '../support/api';
import type { Backend, MerchantCredentials } from '../support/context';
import { postForm } from '../support/three-ds';
import { answered200, exchangeOf, getWithRetry, unanswered, type Flow, type Target } from './flows';

export interface Finding {
  orderId: string;
  kind: Flow['kind'];
  what: string;
}

export interface Verification {
  /** Requests answered 200 before the kill, by step. */
  answered: Record<string, number>;
  /** Requests sent that got no answer, by step. */
  unanswered: Record<string, number>;
  /** Objects (payments, checkouts) whose answered-200 state was checked after the restart. */
  checked: number;
  /** Answered 200, gone now. */
  lost: Finding[];
  /** Answered 200, now in another state. */
  changed: Finding[];
  /** Payments GET reports PENDING (PROCESSING rows), with whether their request got an answer. */
  pending: { paymentId: string; orderId: string; requestAnswered: boolean }[];
  /** How the requests in flight at the kill came out (e.g. "capture in flight: captured"). */
  inFlight: Record<string, number>;
}

const count = (record: Record<string, number>, key: string) => (record[key] = (record[key] ?? 0) + 1);

export async function verifyAfterRestart(flows: Flow[], target: Target, merchant: MerchantCredentials): Promise<Verification> {
  const result: Verification = { answered: {}, unanswered: {}, checked: 0, lost: [], changed: [], pending: [], inFlight: {} };
  for (const flow of flows) {
    for (const exchange of flow.exchanges) {
      if (exchange.status === 200) count(result.answered, exchange.step);
      if (exchange.status === null) count(result.unanswered, exchange.step);
    }
  }
  const get = (path: string) => getWithRetry(target, merchant, path);
  const finding = (flow: Flow, what: string): Finding => ({ orderId: flow.orderId, kind: flow.kind, what });

  /** GET /api/payment/{id}; records lost (404) and PENDING; returns the body or null. */
  const payment = async (flow: Flow, requestAnswered: boolean) => {
    const response = await get(`/api/payment/${flow.paymentId}`);
    if (response.status === 404) return null;
    if (response.status !== 200) throw new Error(`GET /api/payment/${flow.paymentId} answered ${response.status}: ${response.text}`);
    if (response.body.status === 'PENDING') result.pending.push({ paymentId: flow.paymentId!, orderId: flow.orderId, requestAnswered });
    return response.body;
  };

  for (const flow of flows) {
    if (flow.kind === 'sale' || flow.kind === 'preauth') {
      const created = exchangeOf(flow, flow.kind)!;
      if (created.status !== 200) continue;
      result.checked++;
      const capture = exchangeOf(flow, 'capture');
      const now = await payment(flow, true);
      if (!now) {
        result.lost.push(finding(flow, `${flow.kind} answered 200 (${created.body.status}) is gone`));
        continue;
      }
      if (capture?.status === 200) {
        if (!isDeepStrictEqual(now, capture.body)) result.changed.push(finding(flow, `capture answered ${json(capture.body)}, now ${json(now)}`));
      } else if (capture?.status === null) {
        const captured = now.capturedAmount === flow.captureAmount && now.amount === flow.captureAmount && now.status === 'SUCCESS';
        count(result.inFlight, `capture in flight: ${captured ? 'captured' : 'not captured'}`);
        if (!captured && !isDeepStrictEqual(now, created.body)) result.changed.push(finding(flow, `pre-authorization answered ${json(created.body)}, now ${json(now)}`));
      } else if (!isDeepStrictEqual(withoutRefunds(now), withoutRefunds(created.body))) {
        result.changed.push(finding(flow, `${flow.kind} answered ${json(created.body)}, now ${json(now)}`));
      }
    } else if (flow.kind === 'threeDs') {
      if (!answered200(flow, 'enroll') || !flow.paymentId) continue;
      result.checked++;
      const complete = exchangeOf(flow, 'complete');
      const now = await payment(flow, complete?.status !== null);
      if (!now) {
        result.lost.push(finding(flow, '3-D Secure enrollment answered 200 is gone'));
        continue;
      }
      if (complete?.status === 200) {
        if (!isDeepStrictEqual(now, complete.body)) result.changed.push(finding(flow, `completion answered ${json(complete.body)}, now ${json(now)}`));
      } else if (complete?.status === null) {
        count(result.inFlight, `3-D Secure completion in flight: ${now.status}`);
        if (!['ENROLLED', 'PENDING', flow.authenticate ? 'SUCCESS' : 'FAILED'].includes(now.status)) {
          result.changed.push(finding(flow, `completion in flight, now ${json(now)}`));
        }
      } else if (now.status !== 'ENROLLED') {
        result.changed.push(finding(flow, `enrolled and never completed, now ${now.status}`));
      }
    } else {
      if (!answered200(flow, 'checkout') || !flow.checkoutId) continue;
      result.checked++;
      const status = await get(`/api/checkout/${flow.checkoutId}`);
      if (status.status === 404) {
        result.lost.push(finding(flow, 'checkout answered 200 is gone'));
        continue;
      }
      const paid = exchangeOf(flow, 'pay');
      const back = exchangeOf(flow, 'return');
      const known = exchangeOf(flow, 'checkout-status');
      if (back?.status === 200) {
        // The return completed the attempt before answering: it must be final, as the issuer decided.
        const now = await payment(flow, true);
        const expected = flow.authenticate ? 'SUCCESS' : 'FAILED';
        if (!now) result.lost.push(finding(flow, `attempt ${flow.paymentId} completed (return answered 200) is gone`));
        else if (now.status !== expected) result.changed.push(finding(flow, `attempt completed as ${expected}, now ${json(now)}`));
        if (known?.status === 200 && !isDeepStrictEqual(status.body, known.body)) {
          result.changed.push(finding(flow, `GET /api/checkout answered ${json(known.body)}, now ${json(status.body)}`));
        }
      } else if (back?.status === null) {
        const now = await payment(flow, false);
        count(result.inFlight, `checkout 3-D Secure return in flight: ${now?.status ?? 'no payment'}`);
      } else if (paid?.status === 200 && paid.body?.ok === true) {
        // Pay answered: an attempt is waiting for the issuer (ENROLLED), the checkout's latest payment.
        if (status.body.status !== 'ENROLLED') result.changed.push(finding(flow, `attempt started (Pay answered), checkout now ${json(status.body)}`));
      } else if (unanswered(flow, 'pay')) {
        count(result.inFlight, `checkout Pay in flight: ${status.body.status}`);
      } else if (status.body.status !== 'PENDING') {
        result.changed.push(finding(flow, `checkout never paid, now ${json(status.body)}`));
      }
    }
  }
  return result;
}

const json = (value: unknown) => JSON.stringify(value);

/** A payment without its refund totals, which refunds after the sale move (checked by verifyRefunds). */
const withoutRefunds = (payment: Record<string, unknown>) => omit(payment, 'refundedAmount', 'refundStatus');

export interface RefundVerification {
  /** Refunds answered 200 before the kill, and of those not found now as answered. */
  answered: number;
  lost: Finding[];
  /** How the refunds in flight at the kill came out: not written, PENDING (left for recovery), SUCCESS. */
  inFlight: Record<string, number>;
  /** Payments whose refundedAmount is not the sum of their successful refunds, or above the charge. */
  inconsistent: Finding[];
}

/**
 * Refunds after a crash: each answered 200 is there as answered (same refundId, status, amount); one in
 * flight is either not written, still PENDING (its process died with the bank's answer outstanding:
 * the recovery job's), or settled once; every payment's refundedAmount adds up its successful refunds.
 */
export async function verifyRefunds(flows: Flow[], target: Target, merchant: MerchantCredentials): Promise<RefundVerification> {
  const result: RefundVerification = { answered: 0, lost: [], inFlight: {}, inconsistent: [] };
  for (const flow of flows) {
    const sent = flow.exchanges.filter((exchange) => exchange.step === 'refund');
    if (sent.length === 0 || !flow.paymentId) continue;
    const listed = (await getWithRetry(target, merchant, `/api/payment/${flow.paymentId}/refunds`)).body.refunds as any[];
    const payment = (await getWithRetry(target, merchant, `/api/payment/${flow.paymentId}`)).body;
    sent.forEach((exchange, part) => {
      const reference = `${flow.orderId}-R${part + 1}`;
      const row = listed.find((refund) => refund.reference === reference);
      if (exchange.status === 200) {
        result.answered++;
        const same = row && row.refundId === exchange.body.refundId && row.status === exchange.body.status && row.amount === exchange.body.amount;
        if (!same) result.lost.push({ orderId: flow.orderId, kind: flow.kind, what: `refund ${reference} answered ${json(exchange.body)}, now ${json(row ?? null)}` });
      } else if (exchange.status === null) {
        count(result.inFlight, `refund in flight: ${row ? row.status : 'not written'}`);
      }
    });
    const succeeded = listed.filter((refund) => refund.status === 'SUCCESS').reduce((sum: number, refund) => sum + Math.round(refund.amount * 100), 0);
    if (Math.round(payment.refundedAmount * 100) !== succeeded || succeeded > Math.round(payment.totalAmount * 100)) {
      result.inconsistent.push({ orderId: flow.orderId, kind: flow.kind, what: `refundedAmount ${payment.refundedAmount}, successful refunds ${succeeded / 100}` });
    }
  }
  return result;
}

/**
 * The issuer page's answer is durable too: where it was answered 200 (a securityKey handed to the
 * shopper) but the completion never was, the shopper's browser (checkout) or the merchant (direct
 * 3-D Secure) sends it again after the restart, and it must complete as the issuer decided.
 */
export async function resumeAfterRestart(
  flows: Flow[],
  target: Target,
  merchant: MerchantCredentials,
): Promise<{ resumed: number; problems: Finding[] }> {
  const problems: Finding[] = [];
  let resumed = 0;
  for (const flow of flows) {
    const answer = exchangeOf(flow, 'issuer-answer');
    const finalStep = flow.kind === 'threeDs' ? 'complete' : 'return';
    if (answer?.status !== 200 || exchangeOf(flow, finalStep)?.status === 200 || !flow.paymentId) continue;
    const before = await getWithRetry(target, merchant, `/api/payment/${flow.paymentId}`);
    if (before.body?.status !== 'ENROLLED') continue; // completed or in flight at the kill: judged above
    resumed++;
    const { securityKey, postTo } = answer.body as { securityKey: string; postTo: string };
    if (flow.kind === 'threeDs') {
      await api({ baseUrl: target.baseUrl } as Backend, merchant).post(`/api/3ds/${flow.paymentId}/complete`, { securityKey });
    } else {
      await postForm(`${target.baseUrl}${new URL(postTo).pathname}`, { paymentId: flow.paymentId, securityKey });
    }
    const after = await getWithRetry(target, merchant, `/api/payment/${flow.paymentId}`);
    const expected = flow.authenticate ? 'SUCCESS' : 'FAILED';
    if (after.body?.status !== expected) {
      problems.push({ orderId: flow.orderId, kind: flow.kind, what: `issuer answered (key handed out), completion after the restart: ${JSON.stringify(after.body)}` });
    }
  }
  return { resumed, problems };
}
