import { code as lookupCurrency } from 'currency-codes';

/** ISO 4217 minor-unit exponent (TRY/USD/EUR 2, JPY 0, KWD 3); undefined for unknown codes. */
export function currencyExponent(code: string): number | undefined {
  // currency-codes upper-cases its input; we only accept the canonical form.
  if (!/^[A-Z]{3}$/.test(code)) return undefined;
  return lookupCurrency(code)?.digits;
}

export type AmountError = 'NOT_A_NUMBER' | 'NOT_POSITIVE' | 'TOO_MANY_DECIMALS' | 'UNKNOWN_CURRENCY' | 'TOO_LARGE';

export type ParsedAmount =
  | { ok: true; minor: number }
  | { ok: false; error: AmountError; message: string };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Converts a JSON amount in major units to integer minor units, exactly.
 * Works on the shortest decimal representation (String(n)), so 0.29 is 29 and
 * 0.1 + 0.2 (0.30000000000000004) is rejected instead of silently rounded.
 */
export function parseAmount(amount: unknown, currency: string): ParsedAmount {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) {
    return { ok: false, error: 'UNKNOWN_CURRENCY', message: 'Currency is not a known ISO 4217 code.' };
  }
  if (typeof amount !== 'number' || !Number.isFinite(amount)) {
    return { ok: false, error: 'NOT_A_NUMBER', message: 'Amount must be a finite number.' };
  }
  if (amount <= 0) {
    return { ok: false, error: 'NOT_POSITIVE', message: 'Amount must be greater than zero.' };
  }
  // Positive finite numbers print as "123", "123.45", "1e-7", "1.5e+21".
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(amount));
  if (!match) {
    return { ok: false, error: 'NOT_A_NUMBER', message: 'Amount must be a finite number.' };
  }
  const [, int, frac = '', exp = '0'] = match;
  const decimals = frac.length - Number(exp);
  if (decimals > exponent) {
    return {
      ok: false,
      error: 'TOO_MANY_DECIMALS',
      message: `Amount ${amount} has more than ${exponent} decimal places for ${currency}.`,
    };
  }
  const minor = BigInt(int + frac) * 10n ** BigInt(exponent - decimals);
  if (minor > MAX_SAFE) {
    return { ok: false, error: 'TOO_LARGE', message: 'Amount is too large.' };
  }
  return { ok: true, minor: Number(minor) };
}

function requireExponent(currency: string): number {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) throw new RangeError('Unknown currency');
  return exponent;
}

function requireMinor(minor: number, name = 'minor'): bigint {
  if (!Number.isSafeInteger(minor) || minor < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer`);
  }
  return BigInt(minor);
}

/** 12345 TRY -> 123.45. Division by a power of ten is correctly rounded, so the result prints exactly. */
export function toMajorUnits(minor: number, currency: string): number {
  if (!Number.isSafeInteger(minor)) throw new RangeError('minor must be a safe integer');
  return minor / 10 ** requireExponent(currency);
}

/** n / d rounded half-up, for n >= 0 and d > 0. */
function divHalfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

/** round(minor × bp / 10000), half-up; 2.00 % = 200 bp. */
export function applyRate(minor: number, basisPoints: number): number {
  const result = divHalfUp(requireMinor(minor) * requireMinor(basisPoints, 'basisPoints'), 10_000n);
  if (result > MAX_SAFE) throw new RangeError('Result exceeds the safe integer range');
  return Number(result);
}

/**
 * installment = round(total / count) half-up; the first installment absorbs the
 * difference so first + (count - 1) × installment === total. Throws when the total
 * is too small for count (the first installment would fall below one minor unit):
 * callers should not offer that count.
 */
export function splitInstallments(
  totalMinor: number,
  count: number,
): { installmentMinor: number; firstInstallmentMinor: number } {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
  const total = requireMinor(totalMinor, 'totalMinor');
  const n = BigInt(count);
  const installment = divHalfUp(total, n);
  const first = total - (n - 1n) * installment;
  if (first < 1n) throw new RangeError('Total is too small for this installment count');
  return { installmentMinor: Number(installment), firstInstallmentMinor: Number(first) };
}

/** Intl currency formatting, always with the currency's ISO 4217 decimals. */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const digits = requireExponent(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(toMajorUnits(minor, currency));
}
