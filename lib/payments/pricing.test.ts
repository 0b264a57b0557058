import { expect, test } from 'vitest';
import { lookupCard } from '../cards';
import { priceCharge, quoteInstallments, sandboxPricing } from './pricing';

const quote = (panOrBin: string, amountMinor: number, interestPaidByCustomer: boolean, maxInstallmentCount = 12) =>
  quoteInstallments({ pricing: sandboxPricing, panOrBin, amountMinor, maxInstallmentCount, interestPaidByCustomer });

test('1000.00 TRY with customer-paid interest: 2 × 510.00 (interest 20.00) and 3 × 345.00 (interest 35.00)', () => {
  const [two, three] = quote('542119', 100_000, true, 3);
  expect(two).toMatchObject({ installmentCount: 2, interestMinor: 2_000, totalMinor: 102_000, installmentMinor: 51_000 });
  expect(three).toMatchObject({ installmentCount: 3, interestMinor: 3_500, totalMinor: 103_500, installmentMinor: 34_500 });
});

test('merchant-borne interest: the customer pays the amount, the merchant pays base + installment rate', () => {
  const [two] = quote('542119', 100_000, false, 2);
  // 1.79 % DOM CREDIT + 2.00 % = 3.79 % of 1000.00
  expect(two).toMatchObject({ interestMinor: 0, totalMinor: 100_000, installmentMinor: 50_000, commissionMinor: 3_790 });
});

test('customer-paid interest leaves the merchant only the base commission', () => {
  const [two] = quote('542119', 100_000, true, 2);
  expect(two.commissionMinor).toBe(1_790);
});

test('debit, international and unknown cards have no installment options', () => {
  expect(quote('540061', 100_000, true)).toEqual([]);
  expect(quote('411111', 100_000, true)).toEqual([]);
  expect(quote('999999', 100_000, true)).toEqual([]);
});

test('counts run 2…max, and counts too large for a tiny amount are left out', () => {
  expect(quote('54211901', 100_000, true).map((option) => option.installmentCount)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  expect(quote('542119', 5, false).map((option) => option.installmentCount)).toEqual([2, 3, 4, 5]);
});

test('commission base rates: DOM DEBIT 1.49 %, DOM CREDIT 1.79 %, INT 2.99 %, half-up to the minor unit', () => {
  const commission = (pan: string, amountMinor: number) =>
    priceCharge({ pricing: sandboxPricing, profile: lookupCard(pan)!, amountMinor, installmentCount: 1, interestPaidByCustomer: false })
      .commissionMinor;
  expect(commission('5400610000000001', 10_050)).toBe(150); // 149.745 → 150
  expect(commission('5421190122090656', 10_050)).toBe(180); // 179.895 → 180
  expect(commission('4111111111111111', 10_050)).toBe(300); // 300.495 → 300
  expect(commission('4111111111111111', 50)).toBe(1); // 1.495 → 1
  expect(commission('4111111111111111', 1_000)).toBe(30); // 29.9 → 30
});
