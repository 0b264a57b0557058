import { parseAmountText, type CC5Response } from './serializer';

/**
 * The platform's answers → Kasa's result codes. One table for the ProcReturnCode of a decline, one for
 * the 3-D mdStatus, one for an order's TRANS_STAT.
 */

export type DeclineCode = 'DO_NOT_HONOR' | 'INSUFFICIENT_FUNDS' | 'EXPIRED_CARD' | 'INVALID_CVV' | 'STOLEN_CARD' | 'PROCESSING_ERROR';

/** ProcReturnCode (ISO 8583 response codes as NestPay passes them on) → Kasa's decline code. */
export const procReturnCodes: Partial<Record<string, { resultCode: DeclineCode; resultMessage: string }>> = {
  '01': { resultCode: 'DO_NOT_HONOR', resultMessage: 'Refer to the card issuer' },
  '02': { resultCode: 'DO_NOT_HONOR', resultMessage: 'Refer to the card issuer' },
  '04': { resultCode: 'STOLEN_CARD', resultMessage: 'Pick up card' },
  '05': { resultCode: 'DO_NOT_HONOR', resultMessage: 'Do not honor' },
  '07': { resultCode: 'STOLEN_CARD', resultMessage: 'Pick up card' },
  '12': { resultCode: 'DO_NOT_HONOR', resultMessage: 'Invalid transaction' },
  '13': { resultCode: 'DO_NOT_HONOR', resultMessage: 'Invalid amount' },
  '14': { resultCode: 'DO_NOT_HONOR', resultMessage: 'Invalid card number' },
  '15': { resultCode: 'DO_NOT_HONOR', resultMessage: 'No such issuer' },
  '28': { resultCode: 'DO_NOT_HONOR', resultMessage: 'Declined' },
  '33': { resultCode: 'EXPIRED_CARD', resultMessage: 'Expired card' },
  '41': { resultCode: 'STOLEN_CARD', resultMessage: 'Lost card, pick up' },
  '43': { resultCode: 'STOLEN_CARD', resultMessage: 'Stolen card, pick up' },
  '51': { resultCode: 'INSUFFICIENT_FUNDS', resultMessage: 'Insufficient funds' },
  '54': { resultCode: 'EXPIRED_CARD', resultMessage: 'Expired card' },
  '57': { resultCode: 'DO_NOT_HONOR', resultMessage: 'Transaction not permitted to cardholder' },
  '58': { resultCode: 'DO_NOT_HONOR', resultMessage: 'Transaction not permitted to terminal' },
  '61': { resultCode: 'INSUFFICIENT_FUNDS', resultMessage: 'Exceeds withdrawal amount limit' },
  '62': { resultCode: 'DO_NOT_HONOR', resultMessage: 'Restricted card' },
  '65': { resultCode: 'INSUFFICIENT_FUNDS', resultMessage: 'Exceeds withdrawal frequency limit' },
  '77': { resultCode: 'DO_NOT_HONOR', resultMessage: 'Request rejected' },
  '82': { resultCode: 'INVALID_CVV', resultMessage: 'Invalid security code' },
  N7: { resultCode: 'INVALID_CVV', resultMessage: 'Invalid security code' },
  '91': { resultCode: 'PROCESSING_ERROR', resultMessage: 'The issuer is unavailable' },
  '96': { resultCode: 'PROCESSING_ERROR', resultMessage: 'System malfunction' },
  '99': { resultCode: 'PROCESSING_ERROR', resultMessage: 'The bank could not process the transaction' },
};

export type NestPayOutcome =
  | {
      outcome: 'APPROVED';
      resultCode: 'SUCCESS';
      resultMessage: string;
      orderId: string;
      /** TransId: Kasa's externalTransactionId. */
      externalTransactionId: string;
      authCode: string;
      hostRefNum: string;
      procReturnCode: string;
    }
  | {
      /** The issuer said no (Response Declined). */
      outcome: 'DECLINED';
      resultCode: DeclineCode;
      resultMessage: string;
      externalTransactionId: string | null;
      procReturnCode: string;
      /** The platform's own code (Extra/ERRORCODE, e.g. CORE-2012), when it gives one. */
      errorCode: string | null;
    }
  | {
      /** The platform refused or failed the request (Response Error, an HTTP error, a malformed answer). */
      outcome: 'ERROR';
      resultCode: 'PROCESSING_ERROR';
      resultMessage: string;
      externalTransactionId: string | null;
      procReturnCode: string | null;
      errorCode: string | null;
    }
  | {
      /** No answer (timeout, dropped connection): the bank may or may not have done it; ask orderStatus. */
      outcome: 'UNKNOWN';
      resultCode: 'UNKNOWN_OUTCOME';
      resultMessage: string;
      reason: 'TIMEOUT' | 'CONNECTION';
    };

/** ErrMsg is the bank's own text: cut to a sane length, and any run of card-number-long digits masked. */
function bankMessage(response: CC5Response, fallback: string): string {
  const text = response.ErrMsg.trim();
  return text === '' ? fallback : text.replace(/\d{12,19}/g, '[number]').slice(0, 200);
}

export function mapCC5Response(response: CC5Response): NestPayOutcome {
  const externalTransactionId = response.TransId || null;
  const errorCode = response.Extra.ERRORCODE || null;
  if (response.Response === 'Approved' && response.ProcReturnCode === '00') {
    return {
      outcome: 'APPROVED',
      resultCode: 'SUCCESS',
      resultMessage: 'Approved',
      orderId: response.OrderId,
      externalTransactionId: response.TransId,
      authCode: response.AuthCode,
      hostRefNum: response.HostRefNum,
      procReturnCode: '00',
    };
  }
  if (response.Response === 'Declined') {
    const known = procReturnCodes[response.ProcReturnCode];
    return {
      outcome: 'DECLINED',
      resultCode: known?.resultCode ?? 'DO_NOT_HONOR',
      resultMessage: known?.resultMessage ?? bankMessage(response, 'Declined'),
      externalTransactionId,
      procReturnCode: response.ProcReturnCode,
      errorCode,
    };
  }
  // Response Error, or Approved without ProcReturnCode 00 (never a success).
  return {
    outcome: 'ERROR',
    resultCode: 'PROCESSING_ERROR',
    resultMessage: bankMessage(response, 'The bank could not process the transaction'),
    externalTransactionId,
    procReturnCode: response.ProcReturnCode || null,
    errorCode,
  };
}

/** What a 3-D mdStatus says of the shopper's authentication. */
export type ThreeDStatus = 'AUTHENTICATED' | 'ATTEMPTED' | 'FAILED';

/**
 * mdStatus: 1 full authentication; 2 card or issuer not enrolled, 3 issuer not enrolled, 4 attempt
 * (the directory server proved the attempt): the payment may go on; 0 failed, 5 not verifiable,
 * 6 3-D error, 7 system error, 8 unknown card, anything else: no.
 */
export const mdStatuses: Record<string, ThreeDStatus> = {
  '1': 'AUTHENTICATED',
  '2': 'ATTEMPTED',
  '3': 'ATTEMPTED',
  '4': 'ATTEMPTED',
  '0': 'FAILED',
  '5': 'FAILED',
  '6': 'FAILED',
  '7': 'FAILED',
  '8': 'FAILED',
};

export function mapMdStatus(mdStatus: string | undefined): ThreeDStatus {
  return mdStatuses[mdStatus ?? ''] ?? 'FAILED';
}

/** An order as the bank's ORDERSTATUS query shows it. */
export type NestPayOrderState = 'AUTHORIZED' | 'CAPTURED' | 'SETTLED' | 'VOIDED' | 'PENDING' | 'FAILED' | 'NEEDS_REVERSAL' | 'UNKNOWN';

/** TRANS_STAT: A authorized (day not closed), C pre-auth closed (captured), S sale settled, V/CNCL voided, PN pending, D/ERR failed, R needs a technical reversal. */
export const transStats: Record<string, NestPayOrderState> = {
  A: 'AUTHORIZED',
  C: 'CAPTURED',
  S: 'SETTLED',
  V: 'VOIDED',
  CNCL: 'VOIDED',
  PN: 'PENDING',
  D: 'FAILED',
  ERR: 'FAILED',
  R: 'NEEDS_REVERSAL',
};

export type NestPayOrderStatus =
  | {
      outcome: 'FOUND';
      state: NestPayOrderState;
      orderId: string;
      externalTransactionId: string | null;
      authCode: string | null;
      hostRefNum: string | null;
      /** ORIG_TRANS_AMT, which the query answers in minor units. */
      amountMinor: number | null;
      capturedMinor: number | null;
    }
  | { outcome: 'NOT_FOUND'; resultMessage: string };

const minorUnits = (text: string | undefined): number | null => (text && /^\d{1,15}$/.test(text) ? Number(text) : null);

/**
 * The status query's answer: Approved with the order's fields, Declined when the bank has no such
 * order, Error when it refused the query itself (credentials, format): then nothing is known.
 */
export function mapOrderStatus(response: CC5Response, orderId: string): NestPayOrderStatus | Extract<NestPayOutcome, { outcome: 'ERROR' }> {
  const extra = response.Extra;
  if (response.Response === 'Error') {
    return { outcome: 'ERROR', resultCode: 'PROCESSING_ERROR', resultMessage: bankMessage(response, 'The bank refused the status query'), externalTransactionId: null, procReturnCode: response.ProcReturnCode || null, errorCode: extra.ERRORCODE || null };
  }
  if (response.ProcReturnCode !== '00' || response.Response !== 'Approved') {
    return { outcome: 'NOT_FOUND', resultMessage: bankMessage(response, 'No record found') };
  }
  return {
    outcome: 'FOUND',
    state: transStats[(extra.TRANS_STAT as string | undefined) ?? ''] ?? 'UNKNOWN',
    orderId: response.OrderId || orderId,
    externalTransactionId: extra.TRANS_ID || response.TransId || null,
    authCode: extra.AUTH_CODE || null,
    hostRefNum: extra.HOST_REF_NUM || null,
    amountMinor: minorUnits(extra.ORIG_TRANS_AMT),
    capturedMinor: minorUnits(extra.CAPTURE_AMT),
  };
}

/** The amount of a 3-D return post ("100.25") in minor units, for checking it against the payment. */
export function returnAmountMinor(amount: string | undefined, currency: string): number | undefined {
  return amount === undefined ? undefined : parseAmountText(amount, currency);
}
