import {
  AcquirerOutcomeUnknown,
  type Acquirer,
  type AuthorizationResult,
  type CancelRequest,
  type GateReturn,
  type RefundRequest,
  type ReversalResult,
  type SettlementRequest,
  type SettlementResult,
} from '../types';
import { NestPayGateway, type NestPayGatewayOptions } from './gateway';
import type { NestPayAccount } from './request-mapper';
import type { NestPayOutcome } from './response-mapper';

/**
 * NestPay behind Kasa's Acquirer. The bank's order id is Kasa's paymentId, so every later call (and
 * the recovery of an interrupted payment, which has no externalTransactionId) names the order by it.
 * 3-D Secure is the "3D" model: no enrollment call; the shopper's browser posts the gate form and the
 * bank's signed return post is checked here, its md/xid/eci/cavv then going to authorize.
 */

function declined(outcome: Exclude<NestPayOutcome, { outcome: 'APPROVED' | 'UNKNOWN' }>): AuthorizationResult {
  return { approved: false, authCode: null, externalTransactionId: outcome.externalTransactionId, resultCode: outcome.resultCode, resultMessage: outcome.resultMessage };
}

function settlement(outcome: NestPayOutcome, declineCode?: string): SettlementResult {
  if (outcome.outcome === 'APPROVED') return { ok: true, externalTransactionId: outcome.externalTransactionId };
  return { ok: false, resultCode: declineCode ?? outcome.resultCode, resultMessage: outcome.resultMessage };
}

export function createNestPayAcquirer(account: NestPayAccount, options: NestPayGatewayOptions = {}): Acquirer {
  const gateway = new NestPayGateway(account, options);

  /** The order's state at the bank; null when the query itself got no answer. */
  const statusOf = async (orderId: string) => {
    const status = await gateway.orderStatus(orderId);
    return status.outcome === 'UNKNOWN' || status.outcome === 'ERROR' ? null : status;
  };

  return {
    threeDs: {
      kind: 'gate',
      gateForm(request) {
        const form = gateway.threeDGateForm({
          orderId: request.paymentId,
          amountMinor: request.amountMinor,
          currency: request.currency,
          installmentCount: request.installmentCount,
          transactionType: request.transactionType,
          okUrl: request.returnUrl,
          failUrl: request.returnUrl,
          lang: request.lang,
          card: request.card,
        });
        return { url: form.url, fields: form.fields };
      },
      verifyReturn(fields, expected): GateReturn {
        const checked = gateway.verifyThreeDReturn(fields, { orderId: expected.paymentId, amountMinor: expected.amountMinor, currency: expected.currency });
        if (!checked.authentic) return { authentic: false, reason: checked.reason };
        return {
          authentic: true,
          authenticated: checked.status !== 'FAILED',
          authentication: { md: checked.md, xid: checked.xid, eci: checked.eci, cavv: checked.cavv },
          message: checked.message,
        };
      },
    },

    /**
     * Auth or PreAuth. A timeout or dropped connection is settled by the status query: the bank's
     * authorization is taken as it stands, no authorization is a PROCESSING_ERROR decline, and an
     * outcome still unknown throws AcquirerOutcomeUnknown (never a second authorization).
     */
    async authorize(request): Promise<AuthorizationResult> {
      const order = {
        orderId: request.paymentId,
        amountMinor: request.amountMinor,
        currency: request.currency,
        installmentCount: request.installmentCount,
        ...(request.ipAddress ? { ipAddress: request.ipAddress } : {}),
      };
      const authentication = request.threeDSecure?.authentication;
      const payment = authentication ? { ...order, threeDSecure: authentication } : { ...order, card: request.card };
      const outcome = request.transactionType === 'SALE' ? await gateway.sale(payment) : await gateway.preAuth(payment);
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
      throw new AcquirerOutcomeUnknown('authorization');
    },

    /**
     * PostAuth of part or all of a PreAuth. When the answer is lost or refused, the status query tells
     * whether this very capture is what the bank holds (a repeat of a capture that went through).
     */
    async capture(request: SettlementRequest): Promise<SettlementResult> {
      const outcome = await gateway.postAuth({ orderId: request.paymentId, amountMinor: request.amountMinor, currency: request.currency });
      if (outcome.outcome === 'APPROVED' || outcome.outcome === 'DECLINED') return settlement(outcome);
      const status = await statusOf(request.paymentId);
      if (status?.outcome === 'FOUND' && status.state === 'CAPTURED' && status.capturedMinor === request.amountMinor) {
        return { ok: true, externalTransactionId: status.externalTransactionId ?? request.paymentId };
      }
      if (outcome.outcome === 'UNKNOWN' && !status) throw new AcquirerOutcomeUnknown('capture');
      return settlement(outcome);
    },

    /**
     * Void of an authorization Kasa gives up. For an interrupted payment (no externalTransactionId) the
     * status query comes first: an order the bank never authorized needs nothing.
     */
    async release(request: SettlementRequest): Promise<SettlementResult> {
      const done = { ok: true as const, externalTransactionId: request.externalTransactionId ?? request.paymentId };
      if (request.externalTransactionId === null) {
        const status = await statusOf(request.paymentId);
        if (!status) return { ok: false, resultCode: 'UNKNOWN_OUTCOME', resultMessage: 'The bank did not answer the status query' };
        if (status.outcome === 'NOT_FOUND' || status.state === 'FAILED' || status.state === 'VOIDED') return done;
      }
      const outcome = await gateway.void(request.paymentId);
      if (outcome.outcome === 'APPROVED') return settlement(outcome);
      const status = await statusOf(request.paymentId);
      if (status?.outcome === 'FOUND' && status.state === 'VOIDED') return done;
      return settlement(outcome);
    },

    /** Void of the order before the day's settlement; a lost answer is settled by the status query. */
    async cancel(request: CancelRequest): Promise<ReversalResult> {
      const outcome = await gateway.void(request.paymentId);
      if (outcome.outcome === 'APPROVED') return settlement(outcome);
      if (outcome.outcome === 'DECLINED') return settlement(outcome, 'CANCEL_DECLINED');
      const status = await statusOf(request.paymentId);
      if (status?.outcome === 'FOUND' && status.state === 'VOIDED') return { ok: true, externalTransactionId: status.externalTransactionId ?? request.paymentId };
      if (outcome.outcome === 'UNKNOWN' && !status) throw new AcquirerOutcomeUnknown('cancel');
      return settlement(outcome, 'CANCEL_DECLINED');
    },

    /**
     * Credit of part or all of the captured amount. A lost answer throws AcquirerOutcomeUnknown, and
     * so does a resend: a Credit names only the order, so the bank would take a repeat as a second
     * refund, and its status query shows no credits. Such a refund stays PROCESSING (never FAILED,
     * which would let it be refunded twice) until it is reconciled with the bank's records.
     */
    async refund(request: RefundRequest): Promise<ReversalResult> {
      if (request.attempt === 'resend') throw new AcquirerOutcomeUnknown('refund');
      const outcome = await gateway.credit({ orderId: request.paymentId, amountMinor: request.amountMinor, currency: request.currency });
      if (outcome.outcome === 'UNKNOWN') throw new AcquirerOutcomeUnknown('refund');
      return settlement(outcome, 'REFUND_DECLINED');
    },

    /** A status query for an order that cannot exist: any answer but a credentials error proves the account. */
    async checkConnection() {
      const status = await gateway.orderStatus(`KASA-CONNECTION-TEST-${Date.now()}`);
      if (status.outcome === 'NOT_FOUND' || status.outcome === 'FOUND') return { ok: true as const };
      return { ok: false as const, message: status.resultMessage };
    },
  };
}
