import type { Payment } from '@/lib/db/schema';
import { currencyExponent, toMajorUnits } from '@/lib/money';

/** The dashboard's formats: English, amounts with the currency code, times in UTC (the filters' days are UTC days too). */

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});
const dateTimeSeconds = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

export const formatDateTime = (date: Date, seconds = false) => `${(seconds ? dateTimeSeconds : dateTime).format(date)} UTC`;

/** Minor units with the currency code: "TRY 1,249.90", "USD 89.50" (codes, not symbols, so currencies line up). */
export const formatAmount = (minor: number, currency: string) => formatMajor(toMajorUnits(minor, currency), currency);

/** Basis points as a percentage: 179 → "1.79 %". */
export const formatRate = (basisPoints: number) => `${(basisPoints / 100).toFixed(2)} %`;

export const formatLatency = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`);

/** "in 3 h 12 min", "in 45 min", or "now" — for expiries in the near future. */
export function formatRemaining(until: Date, now = Date.now()): string {
  const minutes = Math.round((until.getTime() - now) / 60_000);
  if (minutes <= 0) return 'now';
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `in ${hours} h ${rest} min` : `in ${hours} h`;
}

export type Tone = 'green' | 'red' | 'amber' | 'sky' | 'slate';

export const paymentStatusLabel: Record<Payment['status'], { label: string; tone: Tone }> = {
  SUCCESS: { label: 'Succeeded', tone: 'green' },
  FAILED: { label: 'Failed', tone: 'red' },
  ENROLLED: { label: 'Awaiting 3-D Secure', tone: 'sky' },
  PROCESSING: { label: 'Pending', tone: 'slate' },
  CANCELLED: { label: 'Cancelled', tone: 'slate' },
  EXPIRED: { label: 'Expired', tone: 'amber' },
};

/** The API's `refundStatus`; NOT_REFUNDED shows nothing. */
export const refundStatusLabel: Record<'PARTIALLY_REFUNDED' | 'FULLY_REFUNDED', { label: string; tone: Tone }> = {
  PARTIALLY_REFUNDED: { label: 'Partially refunded', tone: 'amber' },
  FULLY_REFUNDED: { label: 'Refunded', tone: 'slate' },
};

/** Sale, or a pre-authorization's capture state. */
export function transactionLabel(payment: Pick<Payment, 'transactionType' | 'status' | 'capturedAmount'>): string {
  if (payment.transactionType === 'SALE') return 'Sale';
  if (payment.status === 'EXPIRED') return 'Pre-auth · released';
  if (payment.status !== 'SUCCESS') return 'Pre-authorization';
  return payment.capturedAmount !== null ? 'Pre-auth · captured' : 'Pre-auth · uncaptured';
}

export const checkoutStatusLabel: Record<'PENDING' | 'PAID' | 'FAILED' | 'EXPIRED' | 'CLOSED', { label: string; tone: Tone }> = {
  PENDING: { label: 'Pending', tone: 'slate' },
  PAID: { label: 'Paid', tone: 'green' },
  FAILED: { label: 'Failed', tone: 'red' },
  EXPIRED: { label: 'Expired', tone: 'amber' },
  CLOSED: { label: 'Closed', tone: 'slate' },
};

export function deliveryStateLabel(delivery: { state: 'PENDING' | 'DELIVERED' | 'FAILED'; attemptCount: number; deliveredAt: Date | null }): { label: string; tone: Tone } {
  if (delivery.state === 'DELIVERED') return { label: 'Delivered', tone: 'green' };
  if (delivery.state === 'FAILED') return { label: 'Failed', tone: 'red' };
  return delivery.attemptCount > 0 && !delivery.deliveredAt ? { label: 'Retrying', tone: 'amber' } : { label: 'Pending', tone: 'slate' };
}

export const schemeNames: Record<string, string> = { VISA: 'Visa', MASTERCARD: 'Mastercard', AMEX: 'Amex', TROY: 'Troy' };

/** A major-unit amount (as the API reports it) with the currency's ISO 4217 decimals. */
export function formatMajor(major: number, currency: string): string {
  const digits = currencyExponent(currency) ?? 2;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'code', minimumFractionDigits: digits, maximumFractionDigits: digits })
    .format(major);
}
