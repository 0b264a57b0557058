// Payment requests that break one §2 rule each, shared by the validation and the no-writes specs.
import { cards, CVV, invalidPans } from './cards';
import { paymentRequest, twoDigits, without, type PaymentRequest } from './requests';

const now = new Date();
const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15));
const expiredLastMonth = { expiryMonth: twoDigits(lastMonth.getUTCMonth() + 1), expiryYear: twoDigits(lastMonth.getUTCFullYear() % 100) };
const expiredLastYear = { expiryMonth: twoDigits(now.getUTCMonth() + 1), expiryYear: twoDigits((now.getUTCFullYear() - 1) % 100) };

export type FieldRuleCase = [description: string, request: () => PaymentRequest, fields: string[]];
const invalid = (description: string, overrides: Record<string, unknown>, fields: string | string[], card = cards.world): FieldRuleCase => [
  description,
  () => paymentRequest(overrides, card),
  Array.isArray(fields) ? fields : [fields],
];
const missing = (field: string): FieldRuleCase => [`missing ${field}`, () => without(paymentRequest(), field), [field]];

/** Every §2 rule of the payment request, each broken alone. */
export const fieldRules: FieldRuleCase[] = [
  missing('orderId'),
  invalid('empty orderId', { orderId: '' }, 'orderId'),
  invalid('orderId of 65 characters', { orderId: 'O'.repeat(65) }, 'orderId'),
  invalid('orderId with a space', { orderId: 'ORD 1' }, 'orderId'),
  invalid('orderId with a slash', { orderId: 'ORD/1' }, 'orderId'),
  invalid('orderId with non-ASCII letters', { orderId: 'SİPARİŞ-1' }, 'orderId'),
  invalid('orderId as a number', { orderId: 12345 }, 'orderId'),
  missing('amount'),
  invalid('amount 0', { amount: 0 }, 'amount'),
  invalid('amount -1', { amount: -1 }, 'amount'),
  invalid('amount as a string "100"', { amount: '100' }, 'amount'),
  invalid('amount null', { amount: null }, 'amount'),
  invalid('amount with 3 decimals in TRY (100.505)', { amount: 100.505 }, 'amount'),
  invalid('amount with 3 decimals in USD (1.001)', { amount: 1.001, currency: 'USD' }, 'amount'),
  invalid('amount above any merchant maximum (1e20)', { amount: 1e20 }, 'amount'),
  missing('currency'),
  invalid('currency not enabled for the merchant (GBP)', { currency: 'GBP' }, 'currency'),
  invalid('currency that is no ISO 4217 code (XYZ)', { currency: 'XYZ' }, 'currency'),
  invalid('empty currency', { currency: '' }, 'currency'),
  missing('pan'),
  invalid('pan failing the Luhn check', { pan: invalidPans.luhnFailure }, 'pan'),
  invalid('pan of 11 digits', { pan: invalidPans.elevenDigits }, 'pan'),
  invalid('pan of 20 digits', { pan: invalidPans.twentyDigits }, 'pan'),
  invalid("pan of a length its brand doesn't have", { pan: invalidPans.wrongLengthForBrand }, 'pan'),
  invalid('pan of no known brand', { pan: invalidPans.unknownBrand }, 'pan'),
  invalid('pan with letters', { pan: invalidPans.withLetters }, 'pan'),
  missing('expiryMonth'),
  invalid('expiryMonth 00', { expiryMonth: '00' }, 'expiryMonth'),
  invalid('expiryMonth 13', { expiryMonth: '13' }, 'expiryMonth'),
  invalid('expiryMonth that is not a number', { expiryMonth: 'ab' }, 'expiryMonth'),
  missing('expiryYear'),
  invalid('expiryYear of 4 digits', { expiryYear: String(now.getUTCFullYear() + 1) }, 'expiryYear'),
  invalid('expiryYear of 1 digit', { expiryYear: '9' }, 'expiryYear'),
  invalid('expiryYear that is not a number', { expiryYear: 'ab' }, 'expiryYear'),
  invalid('a card that expired last month', expiredLastMonth, ['expiryMonth', 'expiryYear']),
  invalid('a card that expired last year', expiredLastYear, ['expiryMonth', 'expiryYear']),
  missing('cvv'),
  invalid('cvv of 2 digits', { cvv: CVV.twoDigits }, 'cvv'),
  invalid('cvv of 4 digits on a Mastercard', { cvv: CVV.fourDigits }, 'cvv'),
  invalid('cvv of 3 digits on an AMEX', { cvv: CVV.standard }, 'cvv', cards.amex),
  invalid('cvv that is not a number', { cvv: 'abc' }, 'cvv'),
  missing('cardHolderName'),
  invalid('cardHolderName of 1 character', { cardHolderName: 'A' }, 'cardHolderName'),
  invalid('cardHolderName of 101 characters', { cardHolderName: 'A'.repeat(101) }, 'cardHolderName'),
  missing('requestIp'),
  invalid('requestIp 999.1.1.1', { requestIp: '999.1.1.1' }, 'requestIp'),
  invalid('requestIp that is no address', { requestIp: 'not-an-ip' }, 'requestIp'),
  invalid('empty requestIp', { requestIp: '' }, 'requestIp'),
  missing('requestPort'),
  invalid('requestPort 0', { requestPort: 0 }, 'requestPort'),
  invalid('requestPort 65536', { requestPort: 65536 }, 'requestPort'),
  invalid('requestPort 1.5', { requestPort: 1.5 }, 'requestPort'),
  invalid('requestPort as a string "443"', { requestPort: '443' }, 'requestPort'),
  invalid('customerId of 65 characters', { customerId: 'C'.repeat(65) }, 'customerId'),
];

