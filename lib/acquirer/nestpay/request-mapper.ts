import { randomBytes } from 'node:crypto';
import type { CardData } from '../types';
import { ver3Hash } from './crypt';
import { currencyNumber, formatAmount, type CC5RequestFields } from './serializer';

/**
 * Kasa's side of a NestPay operation → the platform's fields. Nothing outside this folder sees a
 * NestPay field name.
 */

/** One merchant's NestPay virtual POS contract, as the bank hands it over. */
export interface NestPayAccount {
  /** The XML API endpoint, e.g. https://<bank host>/fim/api. */
  apiUrl: string;
  /** The 3-D gate, e.g. https://<bank host>/fim/est3Dgate. */
  gateUrl: string;
  clientId: string;
  apiUser: string;
  apiPassword: string;
  storeKey: string;
}

export interface NestPayPaymentRequest {
  /** The order id the bank keeps (Kasa sends its paymentId): every later operation names it. */
  orderId: string;
  amountMinor: number;
  currency: string;
  /** 1 for a single payment. */
  installmentCount: number;
  card: CardData;
  /** The shopper's address, when known. */
  ipAddress?: string;
}

/** What the bank's 3-D return post gave for the shopper's authentication. */
export interface ThreeDAuthentication {
  md: string;
  xid: string;
  eci: string;
  cavv: string;
}

export interface NestPayThreeDPaymentRequest extends Omit<NestPayPaymentRequest, 'card'> {
  threeDSecure: ThreeDAuthentication;
}

export interface NestPaySettlementRequest {
  orderId: string;
  /** Left out: the whole pre-authorized (PostAuth) or the whole captured amount (Credit). */
  amountMinor?: number;
  currency: string;
}

export interface NestPayGateFormRequest {
  orderId: string;
  amountMinor: number;
  currency: string;
  installmentCount: number;
  transactionType: 'SALE' | 'PRE_AUTHORIZATION';
  /** Where the bank posts the outcome of the challenge: authenticated (okUrl) or not (failUrl). */
  okUrl: string;
  failUrl: string;
  lang?: 'tr' | 'en';
  card: CardData;
}

/** The 3-D gate form Kasa has the shopper's browser post: the bank's URL and its fields (hash included). */
export interface NestPayGateForm {
  url: string;
  method: 'POST';
  fields: Record<string, string>;
}

/** Visa 1, Mastercard 2: the gate's `cardType`, read from the card number's first digit. */
function cardType(pan: string): string | undefined {
  if (pan.startsWith('4')) return '1';
  if (/^(5[1-5]|2[2-7])/.test(pan)) return '2';
  return undefined;
}

/** Taksit: empty for a single payment, the count otherwise. */
export function installmentField(count: number): string {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError('installmentCount must be a positive integer');
  return count > 1 ? String(count) : '';
}

function credentials(account: NestPayAccount): Pick<CC5RequestFields, 'Name' | 'Password' | 'ClientId'> {
  return { Name: account.apiUser, Password: account.apiPassword, ClientId: account.clientId };
}

/** What an Auth or PreAuth names besides the card: credentials, order, amount, currency, installments. */
function orderFields(
  account: NestPayAccount,
  type: 'Auth' | 'PreAuth',
  request: Omit<NestPayPaymentRequest, 'card'>,
): CC5RequestFields {
  return {
    ...credentials(account),
    Type: type,
    ...(request.ipAddress ? { IPAddress: request.ipAddress } : {}),
    OrderId: request.orderId,
    Total: formatAmount(request.amountMinor, request.currency),
    Currency: currencyNumber(request.currency),
    Taksit: installmentField(request.installmentCount),
  };
}

export function paymentFields(
  account: NestPayAccount,
  type: 'Auth' | 'PreAuth',
  request: NestPayPaymentRequest,
): CC5RequestFields {
  const { card } = request;
  return {
    ...orderFields(account, type, request),
    Number: card.pan,
    Expires: `${card.expiryMonth}/${card.expiryYear.slice(-2)}`,
    Cvv2Val: card.cvv,
    Mode: 'P',
  };
}

/** The authorization after a 3-D challenge: the card is named by the bank's `md`, not by its number. */
export function threeDPaymentFields(
  account: NestPayAccount,
  type: 'Auth' | 'PreAuth',
  request: NestPayThreeDPaymentRequest,
): CC5RequestFields {
  const { threeDSecure } = request;
  return {
    ...orderFields(account, type, request),
    Number: threeDSecure.md,
    PayerTxnId: threeDSecure.xid,
    PayerSecurityLevel: threeDSecure.eci,
    PayerAuthenticationCode: threeDSecure.cavv,
    Mode: 'P',
  };
}

export function postAuthFields(account: NestPayAccount, request: NestPaySettlementRequest): CC5RequestFields {
  return {
    ...credentials(account),
    Type: 'PostAuth',
    OrderId: request.orderId,
    ...(request.amountMinor !== undefined
      ? { Total: formatAmount(request.amountMinor, request.currency), Currency: currencyNumber(request.currency) }
      : {}),
    Mode: 'P',
  };
}

export function voidFields(account: NestPayAccount, orderId: string): CC5RequestFields {
  return { ...credentials(account), Type: 'Void', OrderId: orderId, Mode: 'P' };
}

export function creditFields(account: NestPayAccount, request: NestPaySettlementRequest): CC5RequestFields {
  return {
    ...credentials(account),
    Type: 'Credit',
    OrderId: request.orderId,
    ...(request.amountMinor !== undefined ? { Total: formatAmount(request.amountMinor, request.currency) } : {}),
    Currency: currencyNumber(request.currency),
    Mode: 'P',
  };
}

export function orderStatusFields(account: NestPayAccount, orderId: string): CC5RequestFields {
  return { ...credentials(account), OrderId: orderId, Extra: { ORDERSTATUS: 'QUERY' } };
}

/** A fresh `rnd` for each gate form: 20 random characters. */
export function gateNonce(): string {
  return randomBytes(15).toString('base64');
}

/** The "3D" model's gate form (storetype 3d, hashAlgorithm ver3), card fields included, hashed last. */
export function gateFormFields(account: NestPayAccount, request: NestPayGateFormRequest, rnd = gateNonce()): NestPayGateForm {
  const { card } = request;
  const type = cardType(card.pan);
  const fields: Record<string, string> = {
    clientid: account.clientId,
    storetype: '3d',
    amount: formatAmount(request.amountMinor, request.currency),
    oid: request.orderId,
    okUrl: request.okUrl,
    failUrl: request.failUrl,
    rnd,
    lang: request.lang ?? 'tr',
    currency: currencyNumber(request.currency),
    taksit: installmentField(request.installmentCount),
    TranType: request.transactionType === 'SALE' ? 'Auth' : 'PreAuth',
    hashAlgorithm: 'ver3',
    ...(type ? { cardType: type } : {}),
    pan: card.pan,
    Ecom_Payment_Card_ExpDate_Month: card.expiryMonth,
    Ecom_Payment_Card_ExpDate_Year: card.expiryYear.slice(-2),
    cv2: card.cvv,
  };
  fields.hash = ver3Hash(fields, account.storeKey);
  return { url: account.gateUrl, method: 'POST', fields };
}
