import { randomUUID } from 'node:crypto';
import { cards, type TestCard } from './cards';

export interface PaymentRequest {
  orderId: string;
  amount: number;
  currency: string;
  cardHolderName: string;
  pan: string;
  expiryMonth: string;
  expiryYear: string;
  cvv: string;
  requestIp: string;
  requestPort: number;
  customerId?: string;
}

export const twoDigits = (n: number) => String(n).padStart(2, '0');

/** Expiry one year ahead: `{ expiryMonth: '06', expiryYear: '27' }`. */
export function futureExpiry(now = new Date()) {
  return { expiryMonth: twoDigits(now.getUTCMonth() + 1), expiryYear: twoDigits((now.getUTCFullYear() + 1) % 100) };
}

export const uniqueOrderId = () => `ORD-${randomUUID()}`;

/**
 * A valid §5 payment request for `card` (default: the WORLD card) with a unique orderId; `overrides`
 * replace fields, and a field set to `undefined` is left out of the JSON.
 */
export function paymentRequest(
  overrides: Partial<Record<keyof PaymentRequest, unknown>> = {},
  card: TestCard = cards.world,
): PaymentRequest {
  return {
    orderId: uniqueOrderId(),
    amount: 100.5,
    currency: 'TRY',
    cardHolderName: 'Ayşe Yılmaz',
    pan: card.pan,
    ...futureExpiry(),
    cvv: card.cvv,
    requestIp: '198.51.100.7',
    requestPort: 443,
    ...overrides,
  } as PaymentRequest;
}

export interface CheckoutRequest {
  orderId: string;
  amount: number;
  currency: string;
  callback: string;
  description?: string | null;
  customerId?: string | null;
  maxInstallmentCount?: number;
  interestPaidByCustomer?: boolean;
  returnUrl?: string | null;
  expiresInMinutes?: number;
}

/** Where test checkouts ask Kasa to send callbacks: never called, since no spec pays these checkouts. */
export const CHECKOUT_CALLBACK = 'https://shop.example/kasa/callback';

/**
 * A valid §5 POST /api/checkout request with a unique orderId and only the required fields;
 * `overrides` replace or add fields, and a field set to `undefined` is left out of the JSON.
 */
export function checkoutRequest(overrides: Partial<Record<keyof CheckoutRequest, unknown>> = {}): CheckoutRequest {
  return {
    orderId: uniqueOrderId(),
    amount: 250.75,
    currency: 'TRY',
    callback: CHECKOUT_CALLBACK,
    ...overrides,
  } as CheckoutRequest;
}

/** A request without `field` at all. */
export function without<T extends object>(request: T, field: string): T {
  const copy = { ...request } as Record<string, unknown>;
  Reflect.deleteProperty(copy, field);
  return copy as T;
}

// ---- money (§6), computed independently of lib/money.ts, in integer minor units ----

/** Basis points (1 % = 100). */
export const installmentRateBp: Record<number, number> = {
  2: 200, 3: 350, 4: 475, 5: 590, 6: 700, 7: 810, 8: 920, 9: 1030, 10: 1140, 11: 1250, 12: 1360,
};

export function baseCommissionRateBp(card: TestCard): number {
  if (card.domInt === 'INT') return 299;
  return card.type === 'DEBIT' ? 149 : 179;
}

/** Minor units of a 2-decimal currency amount. */
export const toMinor = (amount: number) => Math.round(amount * 100);
export const toMajor = (minor: number) => minor / 100;

/** round(n / d) half-up, for non-negative integers. */
export const divideHalfUp = (n: number, d: number) => Math.floor((2 * n + d) / (2 * d));

/** round(amount × rateBp / 10000) half-up to the cent (2-decimal currencies). */
export function percentOf(amount: number, rateBp: number): number {
  return toMajor(divideHalfUp(toMinor(amount) * rateBp, 10_000));
}

/** §6 merchantCommission of a single payment (borne rate 0). */
export function expectedCommission(amount: number, card: TestCard, borneRateBp = 0): number {
  return percentOf(amount, baseCommissionRateBp(card) + borneRateBp);
}

export interface InstallmentOption {
  installmentCount: number;
  installmentAmount: number;
  currency: string;
  interestAmount: number;
  totalAmount: number;
}

/** §6 installment options for counts 2…max (2-decimal currencies). */
export function expectedInstallmentOptions(
  amount: number,
  currency: string,
  interestPaidByCustomer: boolean,
  maxInstallmentCount = 12,
): InstallmentOption[] {
  const options: InstallmentOption[] = [];
  for (let n = 2; n <= maxInstallmentCount; n++) {
    const interestMinor = interestPaidByCustomer ? divideHalfUp(toMinor(amount) * installmentRateBp[n], 10_000) : 0;
    const totalMinor = toMinor(amount) + interestMinor;
    options.push({
      installmentCount: n,
      installmentAmount: toMajor(divideHalfUp(totalMinor, n)),
      currency,
      interestAmount: toMajor(interestMinor),
      totalAmount: toMajor(totalMinor),
    });
  }
  return options;
}
