import type { Merchant } from '../db/schema';
import { AppError, present } from '../errors';
import { currencyExponent, parseAmount } from '../money';

/**
 * The order amount in minor units, after the merchant's own rules: the currency must be enabled for
 * the merchant and the amount within its maximum. (Format and decimals were checked by the schema.)
 */
export function merchantAmountMinor(merchant: Merchant, amount: number, currency: string): number {
  if (!merchant.currencies.includes(currency)) {
    throw AppError.field('currency', 'CURRENCY_NOT_ENABLED', `Currency ${currency} is not enabled for this merchant`);
  }
  const parsed = parseAmount(amount, currency);
  if (!parsed.ok) throw AppError.field('amount', `AMOUNT_${parsed.error}`, parsed.message);
  if (parsed.minor > merchant.maxAmount * 10 ** present(currencyExponent(currency), `the exponent of ${currency}`)) {
    throw AppError.field('amount', 'AMOUNT_TOO_LARGE', `Amount is above this merchant's maximum of ${merchant.maxAmount} ${currency}`);
  }
  return parsed.minor;
}
