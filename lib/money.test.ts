import { describe, expect, test } from 'vitest';
import { applyRate, currencyExponent, formatMoney, parseAmount, splitInstallments, toMajorUnits } from './money';

describe('currencyExponent', () => {
  test('uses ISO 4217 minor units: TRY/USD/EUR 2, JPY 0, KWD 3', () => {
    expect(currencyExponent('TRY')).toBe(2);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
  });

  test('is undefined for unknown or non-canonical codes', () => {
    expect(currencyExponent('ABC')).toBeUndefined();
    expect(currencyExponent('try')).toBeUndefined();
    expect(currencyExponent('')).toBeUndefined();
  });
});

describe('parseAmount', () => {
  test('converts major units to integer minor units per currency', () => {
    expect(parseAmount(100.5, 'TRY')).toEqual({ ok: true, minor: 10050 });
    expect(parseAmount(123.45, 'USD')).toEqual({ ok: true, minor: 12345 });
    expect(parseAmount(1500, 'JPY')).toEqual({ ok: true, minor: 1500 });
    expect(parseAmount(1.234, 'KWD')).toEqual({ ok: true, minor: 1234 });
    expect(parseAmount(0.01, 'TRY')).toEqual({ ok: true, minor: 1 });
  });

  test('is exact where float multiplication is not (0.29 × 100, 1.005, 4.35)', () => {
    expect(0.29 * 100).not.toBe(29);
    expect(parseAmount(0.29, 'TRY')).toEqual({ ok: true, minor: 29 });
    expect(parseAmount(1.005, 'KWD')).toEqual({ ok: true, minor: 1005 });
    expect(parseAmount(4.35, 'EUR')).toEqual({ ok: true, minor: 435 });
    expect(parseAmount(19.99, 'USD')).toEqual({ ok: true, minor: 1999 });
  });

  test('rejects 0.1 + 0.2 instead of rounding it to 0.30', () => {
    expect(parseAmount(0.1 + 0.2, 'TRY')).toMatchObject({ ok: false, error: 'TOO_MANY_DECIMALS' });
  });

  test('rejects more decimals than the currency allows', () => {
    expect(parseAmount(100.505, 'TRY')).toMatchObject({ ok: false, error: 'TOO_MANY_DECIMALS' });
    expect(parseAmount(1.5, 'JPY')).toMatchObject({ ok: false, error: 'TOO_MANY_DECIMALS' });
    expect(parseAmount(1.2345, 'KWD')).toMatchObject({ ok: false, error: 'TOO_MANY_DECIMALS' });
  });

  test('handles exponent notation: 1e-7 has too many decimals, 1e21 is too large, 1e3 is 1000', () => {
    expect(String(1e-7)).toBe('1e-7');
    expect(parseAmount(1e-7, 'TRY')).toMatchObject({ ok: false, error: 'TOO_MANY_DECIMALS' });
    expect(parseAmount(1.5e-7, 'KWD')).toMatchObject({ ok: false, error: 'TOO_MANY_DECIMALS' });
    expect(parseAmount(1e21, 'TRY')).toMatchObject({ ok: false, error: 'TOO_LARGE' });
    expect(parseAmount(1.5e21, 'JPY')).toMatchObject({ ok: false, error: 'TOO_LARGE' });
    expect(parseAmount(1e3, 'TRY')).toEqual({ ok: true, minor: 100000 });
  });

  test('rejects minor values above Number.MAX_SAFE_INTEGER and accepts the limit', () => {
    expect(parseAmount(Number.MAX_SAFE_INTEGER, 'JPY')).toEqual({ ok: true, minor: Number.MAX_SAFE_INTEGER });
    expect(parseAmount(Number.MAX_SAFE_INTEGER + 1, 'JPY')).toMatchObject({ ok: false, error: 'TOO_LARGE' });
    expect(parseAmount(9999999999999.99, 'TRY')).toEqual({ ok: true, minor: 999999999999999 });
    expect(parseAmount(1e14, 'TRY')).toMatchObject({ ok: false, error: 'TOO_LARGE' });
  });

  test('rejects non-numbers, NaN and infinities', () => {
    for (const value of ['100.50', null, undefined, {}, [], true, 10n, NaN, Infinity, -Infinity]) {
      expect(parseAmount(value, 'TRY')).toMatchObject({ ok: false, error: 'NOT_A_NUMBER' });
    }
  });

  test('rejects zero, negative zero and negatives', () => {
    for (const value of [0, -0, -1, -0.01]) {
      expect(parseAmount(value, 'TRY')).toMatchObject({ ok: false, error: 'NOT_POSITIVE' });
    }
  });

  test('rejects unknown currencies', () => {
    expect(parseAmount(10, 'XYZ')).toMatchObject({ ok: false, error: 'UNKNOWN_CURRENCY' });
  });

  test('error messages are short sentences that echo nothing but the amount', () => {
    const result = parseAmount(100.505, 'TRY');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toBe('Amount 100.505 has more than 2 decimal places for TRY.');
    const unknown = parseAmount(10, 'QQQ');
    if (!unknown.ok) expect(unknown.message).not.toContain('QQQ');
  });
});

describe('toMajorUnits', () => {
  test('turns minor units back into a JSON-safe major amount', () => {
    expect(toMajorUnits(12345, 'TRY')).toBe(123.45);
    expect(JSON.stringify(toMajorUnits(29, 'TRY'))).toBe('0.29');
    expect(toMajorUnits(1500, 'JPY')).toBe(1500);
    expect(toMajorUnits(1234, 'KWD')).toBe(1.234);
    expect(String(toMajorUnits(999999999999999, 'TRY'))).toBe('9999999999999.99');
  });

  test('round-trips with parseAmount', () => {
    for (const minor of [1, 7, 10, 29, 99, 101, 4350, 12345, 100000, 999999999]) {
      expect(parseAmount(toMajorUnits(minor, 'TRY'), 'TRY')).toEqual({ ok: true, minor });
      expect(parseAmount(toMajorUnits(minor, 'KWD'), 'KWD')).toEqual({ ok: true, minor });
    }
  });

  test('throws for an unknown currency', () => {
    expect(() => toMajorUnits(100, 'XYZ')).toThrow(RangeError);
  });
});

describe('applyRate', () => {
  test('rounds half-up to the minor unit', () => {
    expect(applyRate(100000, 200)).toBe(2000);
    expect(applyRate(12345, 179)).toBe(221); // 220.9755
    expect(applyRate(50, 100)).toBe(1); // 0.5 rounds up
    expect(applyRate(49, 100)).toBe(0); // 0.49 rounds down
    expect(applyRate(0, 299)).toBe(0);
  });

  test('stays exact for amounts where float arithmetic would drift', () => {
    expect(applyRate(9007199254740991, 10000)).toBe(9007199254740991);
    expect(applyRate(1005, 5000)).toBe(503); // 502.5
  });

  test('rejects fractional or negative inputs', () => {
    expect(() => applyRate(10.5, 200)).toThrow(RangeError);
    expect(() => applyRate(100, 2.5)).toThrow(RangeError);
    expect(() => applyRate(-100, 200)).toThrow(RangeError);
  });
});

describe('splitInstallments', () => {
  test('first installment absorbs the remainder so the parts add up to the total', () => {
    expect(splitInstallments(10000, 3)).toEqual({ installmentMinor: 3333, firstInstallmentMinor: 3334 });
    expect(splitInstallments(20000, 3)).toEqual({ installmentMinor: 6667, firstInstallmentMinor: 6666 });
    expect(splitInstallments(100, 1)).toEqual({ installmentMinor: 100, firstInstallmentMinor: 100 });
    for (const [total, n] of [[123457, 7], [99999, 12], [101, 2], [100000, 11]]) {
      const { installmentMinor, firstInstallmentMinor } = splitInstallments(total, n);
      expect(firstInstallmentMinor + (n - 1) * installmentMinor).toBe(total);
    }
  });

  test('rounds the installment half-up', () => {
    expect(splitInstallments(5, 2)).toEqual({ installmentMinor: 3, firstInstallmentMinor: 2 });
  });

  test('throws when the total is too small for the count', () => {
    expect(() => splitInstallments(18, 12)).toThrow(RangeError); // 2 × 11 > 18
    expect(() => splitInstallments(100, 0)).toThrow(RangeError);
  });
});

describe('reference installment examples (api-reference §6)', () => {
  test('1000.00 TRY at 2 % is interest 20.00, total 1020.00, 2 × 510.00', () => {
    const amount = parseAmount(1000, 'TRY');
    if (!amount.ok) throw new Error('amount should parse');
    const interest = applyRate(amount.minor, 200);
    const total = amount.minor + interest;
    expect(toMajorUnits(interest, 'TRY')).toBe(20);
    expect(toMajorUnits(total, 'TRY')).toBe(1020);
    expect(splitInstallments(total, 2)).toEqual({ installmentMinor: 51000, firstInstallmentMinor: 51000 });
  });

  test('1000.00 TRY at 3.50 % is interest 35.00, total 1035.00, 3 × 345.00', () => {
    const interest = applyRate(100000, 350);
    const total = 100000 + interest;
    expect(interest).toBe(3500);
    expect(total).toBe(103500);
    expect(splitInstallments(total, 3)).toEqual({ installmentMinor: 34500, firstInstallmentMinor: 34500 });
  });
});

describe('formatMoney', () => {
  test('formats with the currency symbol and its ISO decimals', () => {
    expect(formatMoney(123456, 'USD', 'en-US')).toBe('$1,234.56');
    expect(formatMoney(1500, 'JPY', 'en-US')).toBe('¥1,500');
    expect(formatMoney(1234, 'KWD', 'en-US')).toMatch(/1\.234/);
    expect(formatMoney(100050, 'TRY', 'tr-TR')).toMatch(/1\.000,50/);
  });
});
