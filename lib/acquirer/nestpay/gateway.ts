import { verifyVer3Hash } from './crypt';
import type { Charset } from './charset';
import {
  creditFields,
  gateFormFields,
  orderStatusFields,
  paymentFields,
  postAuthFields,
  threeDPaymentFields,
  voidFields,
  type NestPayAccount,
  type NestPayGateForm,
  type NestPayGateFormRequest,
  type NestPayPaymentRequest,
  type NestPaySettlementRequest,
  type NestPayThreeDPaymentRequest,
} from './request-mapper';
import {
  mapCC5Response,
  mapMdStatus,
  mapOrderStatus,
  returnAmountMinor,
  type NestPayOrderStatus,
  type NestPayOutcome,
  type ThreeDStatus,
} from './response-mapper';
import { buildCC5Request, NestPayMalformedResponse, parseCC5Response, type CC5RequestFields, type CC5Response } from './serializer';

/**
 * The NestPay (EST) virtual POS protocol: each operation one CC5Request POSTed to the account's API
 * URL. Every bank answer comes back as a result, never as a thrown error: approved, declined, error, or
 * unknown (no answer: the caller asks orderStatus before deciding). Card data travels only in the
 * request body; no result, message or error carries it, and this class logs nothing.
 */

type Failure = Extract<NestPayOutcome, { outcome: 'ERROR' | 'UNKNOWN' }>;

export interface NestPayGatewayOptions {
  /** Per bank call, answer included. */
  timeoutMs?: number;
  /** Largest answer read; a CC5Response is a few kB. */
  maxResponseBytes?: number;
}

export type ThreeDReturn =
  | {
      /** The post carries a valid HASH from this account's store key and names the expected order. */
      authentic: true;
      status: ThreeDStatus;
      mdStatus: string;
      orderId: string;
      md: string;
      xid: string;
      eci: string;
      cavv: string;
      /** mdErrorMsg / ErrMsg of a failed authentication. */
      message: string | null;
    }
  | {
      authentic: false;
      resultCode: 'THREE_DS_AUTH_FAILED';
      reason: 'HASH_INVALID' | 'CLIENT_MISMATCH' | 'ORDER_MISMATCH' | 'AMOUNT_MISMATCH';
    };

export type UnknownResolution =
  | { resolution: 'AUTHORIZED'; externalTransactionId: string; authCode: string }
  | { resolution: 'NOT_AUTHORIZED' }
  | { resolution: 'STILL_UNKNOWN'; resultMessage: string };

/** Connection errors that prove nothing reached the bank. */
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);

function errorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string } } | null | undefined)?.cause;
  return cause?.code ?? (error as { code?: string } | null | undefined)?.code;
}

function failure(resultMessage: string): Failure {
  return { outcome: 'ERROR', resultCode: 'PROCESSING_ERROR', resultMessage, externalTransactionId: null, procReturnCode: null, errorCode: null };
}

function unknown(reason: 'TIMEOUT' | 'CONNECTION'): Failure {
  return {
    outcome: 'UNKNOWN',
    resultCode: 'UNKNOWN_OUTCOME',
    resultMessage: reason === 'TIMEOUT' ? 'The bank did not answer in time' : 'The connection to the bank was lost',
    reason,
  };
}

export class NestPayGateway {
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(
    private readonly account: NestPayAccount,
    options: NestPayGatewayOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 256 * 1024;
  }

  /** Auth: authorize and capture at once. With `threeDSecure`, the 3-D "3D" model's authorization. */
  sale(request: NestPayPaymentRequest | NestPayThreeDPaymentRequest): Promise<NestPayOutcome> {
    return this.pay('Auth', request);
  }

  /** PreAuth: reserve the amount; postAuth captures it, void releases it. */
  preAuth(request: NestPayPaymentRequest | NestPayThreeDPaymentRequest): Promise<NestPayOutcome> {
    return this.pay('PreAuth', request);
  }

  /** PostAuth: captures all (no amount) or part of a PreAuth. */
  postAuth(request: NestPaySettlementRequest): Promise<NestPayOutcome> {
    return this.operation(postAuthFields(this.account, request));
  }

  /** Void: cancels the order's last transaction before the day's settlement. */
  void(orderId: string): Promise<NestPayOutcome> {
    return this.operation(voidFields(this.account, orderId));
  }

  /** Credit: refunds all (no amount) or part of what was captured. */
  credit(request: NestPaySettlementRequest): Promise<NestPayOutcome> {
    return this.operation(creditFields(this.account, request));
  }

  /** ORDERSTATUS query: what the bank knows of the order, to settle an unknown outcome. */
  async orderStatus(orderId: string): Promise<NestPayOrderStatus | Failure> {
    const answer = await this.send(orderStatusFields(this.account, orderId));
    return 'outcome' in answer ? answer : mapOrderStatus(answer.response, orderId);
  }

  /**
   * After an UNKNOWN outcome of an Auth or PreAuth: what the bank did, by its status query. Only an
   * authorization of the expected amount counts as done; a pending, reversal-needing or unreadable
   * order, or a query that fails too, stays unknown (ask again later; never authorize a second time).
   */
  async resolveUnknownPayment(orderId: string, expectedAmountMinor: number): Promise<UnknownResolution> {
    const status = await this.orderStatus(orderId);
    if (status.outcome === 'NOT_FOUND') return { resolution: 'NOT_AUTHORIZED' };
    if (status.outcome !== 'FOUND') return { resolution: 'STILL_UNKNOWN', resultMessage: status.resultMessage };
    if (status.state === 'FAILED' || status.state === 'VOIDED') return { resolution: 'NOT_AUTHORIZED' };
    const done = status.state === 'AUTHORIZED' || status.state === 'CAPTURED' || status.state === 'SETTLED';
    if (!done || status.amountMinor !== expectedAmountMinor || !status.externalTransactionId) {
      return { resolution: 'STILL_UNKNOWN', resultMessage: `The bank shows the order as ${status.state}` };
    }
    return { resolution: 'AUTHORIZED', externalTransactionId: status.externalTransactionId, authCode: status.authCode ?? '' };
  }

  /** The form the shopper's browser posts to the bank's 3-D gate (card fields and ver3 hash included). */
  threeDGateForm(request: NestPayGateFormRequest): NestPayGateForm {
    return gateFormFields(this.account, request);
  }

  /**
   * Checks the bank's post to okUrl/failUrl: a missing or wrong HASH, another client id, another order
   * or another amount than the payment's is not authentic, whatever mdStatus says.
   */
  verifyThreeDReturn(
    fields: Record<string, string>,
    expected: { orderId: string; amountMinor?: number; currency?: string },
    charset: Charset = 'utf-8',
  ): ThreeDReturn {
    const refuse = (reason: Extract<ThreeDReturn, { authentic: false }>['reason']): ThreeDReturn => ({
      authentic: false,
      resultCode: 'THREE_DS_AUTH_FAILED',
      reason,
    });
    if (!verifyVer3Hash(fields, this.account.storeKey, charset)) return refuse('HASH_INVALID');
    if (fields.clientid !== this.account.clientId) return refuse('CLIENT_MISMATCH');
    if (fields.oid !== expected.orderId) return refuse('ORDER_MISMATCH');
    if (expected.amountMinor !== undefined && expected.currency !== undefined) {
      if (returnAmountMinor(fields.amount, expected.currency) !== expected.amountMinor) return refuse('AMOUNT_MISMATCH');
    }
    const status = mapMdStatus(fields.mdStatus);
    // The bank's form: a field it left out is not there, whatever the Record type says.
    const received: Partial<Record<string, string>> = fields;
    return {
      authentic: true,
      status,
      mdStatus: received.mdStatus ?? '',
      orderId: fields.oid,
      md: received.md ?? '',
      xid: received.xid ?? '',
      eci: received.eci ?? '',
      cavv: received.cavv ?? '',
      message: status === 'FAILED' ? (fields.mdErrorMsg || fields.ErrMsg || null)?.slice(0, 200) ?? null : null,
    };
  }

  private pay(type: 'Auth' | 'PreAuth', request: NestPayPaymentRequest | NestPayThreeDPaymentRequest) {
    const fields =
      'threeDSecure' in request
        ? threeDPaymentFields(this.account, type, request)
        : paymentFields(this.account, type, request);
    return this.operation(fields);
  }

  private async operation(fields: CC5RequestFields): Promise<NestPayOutcome> {
    const answer = await this.send(fields);
    return 'outcome' in answer ? answer : mapCC5Response(answer.response);
  }

  private async send(fields: CC5RequestFields): Promise<{ response: CC5Response } | Failure> {
    const body = buildCC5Request(fields);
    let response: Response;
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      response = await fetch(this.account.apiUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/xml; charset=ISO-8859-9', accept: 'application/xml, text/xml' },
        body: new Uint8Array(body),
        redirect: 'manual',
        signal,
      });
    } catch (error) {
      if (signal.aborted) return unknown('TIMEOUT');
      // Refused or unresolvable: the request never left; anything else may have reached the bank.
      return notSentCodes.has(errorCode(error) ?? '') ? failure('The bank could not be reached') : unknown('CONNECTION');
    }
    let bytes: Uint8Array;
    try {
      bytes = await readLimited(response, this.maxResponseBytes);
    } catch (error) {
      if (error instanceof ResponseTooLarge) return failure('The bank answered more than a CC5Response');
      return signal.aborted ? unknown('TIMEOUT') : unknown('CONNECTION');
    }
    if (response.status !== 200) return failure(`The bank answered HTTP ${response.status}`);
    try {
      return { response: parseCC5Response(bytes) };
    } catch (error) {
      if (error instanceof NestPayMalformedResponse) return failure('The bank answered a malformed response');
      throw error;
    }
  }
}

class ResponseTooLarge extends Error {}

async function readLimited(response: Response, limit: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new ResponseTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
