import type { AuthorizationRequest, AuthorizationResult, SettlementRequest, SettlementResult } from '../types';
import { NestPayGateway, type NestPayGatewayOptions } from './gateway';
import type { NestPayAccount, ThreeDAuthentication } from './request-mapper';
import type { NestPayOutcome } from './response-mapper';

/**
 * NestPay behind Kasa's acquirer shapes (lib/acquirer/types.ts as of this branch): authorize, capture,
 * release, refund. The bank's order id is Kasa's paymentId, so every later call (and the recovery of an
 * interrupted payment, which has no externalTransactionId) names the order by it.
 *
 * Not here: checkEnrollment. In NestPay's "3D" model there is no enrollment call: the shopper's browser
 * posts the gate form (gateway.threeDGateForm) and the bank's return post is checked with
 * gateway.verifyThreeDReturn; its md/xid/eci/cavv then go to authorize as `threeD`.
 */

/** The bank's answer could not be had, even by the status query: leave the payment PROCESSING. */
export class NestPayOutcomeUnknown extends Error {
  constructor(readonly orderId: string) {
    super('The bank did not answer and its status query did not settle the outcome');
    this.name = 'NestPayOutcomeUnknown';
  }
}

function declined(outcome: Exclude<NestPayOutcome, { outcome: 'APPROVED' | 'UNKNOWN' }>): AuthorizationResult {
  return { approved: false, authCode: null, externalTransactionId: outcome.externalTransactionId, resultCode: outcome.resultCode, resultMessage: outcome.resultMessage };
}

function settlement(outcome: NestPayOutcome): SettlementResult {
  return outcome.outcome === 'APPROVED'
    ? { ok: true, externalTransactionId: outcome.externalTransactionId }
    : { ok: false, resultCode: outcome.resultCode, resultMessage: outcome.resultMessage };
}

export function createNestPayAcquirer(account: NestPayAccount, options: NestPayGatewayOptions = {}) {
  const gateway = new NestPayGateway(account, options);
  return {
    gateway,

    /**
     * Auth or PreAuth. A timeout or dropped connection is settled by the status query: the bank's
     * authorization is taken as it stands, no authorization is a PROCESSING_ERROR decline, and an
     * outcome still unknown throws NestPayOutcomeUnknown (never a second authorization).
     */
    async authorize(request: AuthorizationRequest, threeD?: ThreeDAuthentication): Promise<AuthorizationResult> {
      const order = {
        orderId: request.paymentId,
        amountMinor: request.amountMinor,
        currency: request.currency,
        installmentCount: request.installmentCount,
      };
      const payment = threeD ? { ...order, threeDSecure: threeD } : { ...order, card: request.card };
      const outcome =
        request.transactionType === 'SALE' ? await gateway.sale(payment) : await gateway.preAuth(payment);
      if (outcome.outcome === 'APPROVED') {
        return { approved: true, authCode: outcome.authCode, externalTransactionId: outcome.externalTransactionId, resultCode: 'SUCCESS', resultMessage: 'Approved' };
      }
      if (outcome.outcome !== 'UNKNOWN') return declined(outcome);
      const resolved = await gateway.resolveUnknownPayment(request.paymentId, request.amountMinor);
      if (resolved.resolution === 'AUTHORIZED') {
        return { approved: true, authCode: resolved.authCode, externalTransactionId: resolved.externalTransactionId, resultCode: 'SUCCESS', resultMessage: 'Approved' };
      }
      if (resolved.resolution === 'NOT_AUTHORIZED') {
        return { approved: false, authCode: null, externalTransactionId: null, resultCode: 'PROCESSING_ERROR', resultMessage: 'The bank did not complete the payment' };
      }
      throw new NestPayOutcomeUnknown(request.paymentId);
    },

    /** PostAuth of part or all of a PreAuth; an unknown outcome is checked against the order's captured amount. */
    async capture(request: SettlementRequest): Promise<SettlementResult> {
      const outcome = await gateway.postAuth({ orderId: request.paymentId, amountMinor: request.amountMinor, currency: request.currency });
      if (outcome.outcome !== 'UNKNOWN') return settlement(outcome);
      const status = await gateway.orderStatus(request.paymentId);
      if (status.outcome === 'FOUND' && status.state === 'CAPTURED' && status.capturedMinor === request.amountMinor) {
        return { ok: true, externalTransactionId: status.externalTransactionId ?? request.paymentId };
      }
      return settlement(outcome);
    },

    /** Void of the order; an unknown outcome is checked by the status query. */
    async release(request: SettlementRequest): Promise<SettlementResult> {
      const outcome = await gateway.void(request.paymentId);
      if (outcome.outcome !== 'UNKNOWN') return settlement(outcome);
      const status = await gateway.orderStatus(request.paymentId);
      if (status.outcome === 'FOUND' && status.state === 'VOIDED') return { ok: true, externalTransactionId: status.externalTransactionId ?? request.paymentId };
      return settlement(outcome);
    },

    /**
     * Credit of part or all of the captured amount. An unknown outcome stays UNKNOWN_OUTCOME (ok: false):
     * the status query does not show credits, so the caller must not retry it blindly.
     */
    async refund(request: SettlementRequest): Promise<SettlementResult> {
      return settlement(await gateway.credit({ orderId: request.paymentId, amountMinor: request.amountMinor, currency: request.currency }));
    },
  };
}

export type NestPayAcquirer = ReturnType<typeof createNestPayAcquirer>;
