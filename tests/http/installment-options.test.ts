// POST /api/installment-options (§5, §6).
import { describe, expect, test } from 'vitest';
import { api } from '../support/api';
import { expectNoCardData, expectValidationError } from '../support/assertions';
import { bins, cards } from '../support/cards';
import { forEachBackend } from '../support/context';
import { expectedInstallmentOptions } from '../support/requests';

forEachBackend((backend) => {
  const client = api(backend);
  const options = async (body: Record<string, unknown>) => {
    const response = await client.post('/api/installment-options', body);
    expect(response.status, response.text).toBe(200);
    expectNoCardData(response, body);
    expect(Array.isArray(response.body?.options), 'options is an array').toBe(true);
    return response.body.options as unknown[];
  };

  describe.concurrent('domestic credit cards with a loyalty program', () => {
    test('1000.00 TRY with interest paid by the customer: 2 × 510.00 (interest 20.00), 3 × 345.00 (interest 35.00)', async () => {
      const answer = await options({ amount: 1000, currency: 'TRY', pan: bins.world, interestPaidByCustomer: true });
      expect(answer[0]).toEqual({ installmentCount: 2, installmentAmount: 510, currency: 'TRY', interestAmount: 20, totalAmount: 1020 });
      expect(answer[1]).toEqual({ installmentCount: 3, installmentAmount: 345, currency: 'TRY', interestAmount: 35, totalAmount: 1035 });
    });

    test('the default maxInstallmentCount 12 gives 11 options, 2…12, at the §6 rates', async () => {
      const answer = await options({ amount: 1000, currency: 'TRY', pan: bins.world, interestPaidByCustomer: true });
      expect(answer).toEqual(expectedInstallmentOptions(1000, 'TRY', true));
      expect(answer).toHaveLength(11);
    });

    test('the full card number gives the same options as its BIN', async () => {
      const byPan = await options({ amount: 1000, currency: 'TRY', pan: cards.world.pan, interestPaidByCustomer: true });
      expect(byPan).toEqual(expectedInstallmentOptions(1000, 'TRY', true));
    });

    test('an 8-digit BIN gives the same options as the 6-digit one', async () => {
      const byBin8 = await options({ amount: 1000, currency: 'TRY', pan: cards.world.pan.slice(0, 8), interestPaidByCustomer: true });
      expect(byBin8).toEqual(expectedInstallmentOptions(1000, 'TRY', true));
    });

    test('interest and installment amounts round half-up to the cent (99.99 TRY)', async () => {
      const answer = await options({ amount: 99.99, currency: 'TRY', pan: bins.world, interestPaidByCustomer: true });
      expect(answer).toEqual(expectedInstallmentOptions(99.99, 'TRY', true));
    });

    test('interestPaidByCustomer false: interest 0 and totalAmount = amount', async () => {
      const answer = await options({ amount: 1000, currency: 'TRY', pan: bins.world, interestPaidByCustomer: false });
      expect(answer).toEqual(expectedInstallmentOptions(1000, 'TRY', false));
      expect(answer[1]).toMatchObject({ installmentCount: 3, installmentAmount: 333.33, interestAmount: 0, totalAmount: 1000 });
    });

    test('maxInstallmentCount 6 limits the options to 2…6', async () => {
      const answer = await options({ amount: 1000, currency: 'TRY', pan: bins.world, maxInstallmentCount: 6, interestPaidByCustomer: true });
      expect(answer).toEqual(expectedInstallmentOptions(1000, 'TRY', true, 6));
    });

    test.each([
      ['BONUS', bins.bonus],
      ['MAXIMUM', bins.maximum],
      ['AXESS', bins.axess],
      ['PARAF (Troy)', bins.paraf],
    ])('the %s program card gets 11 options', async (_, bin) => {
      expect(await options({ amount: 500, currency: 'TRY', pan: bin, interestPaidByCustomer: true })).toEqual(
        expectedInstallmentOptions(500, 'TRY', true),
      );
    });
  });

  describe.concurrent('cards without installments answer {options: []}', () => {
    test.each([
      ['a domestic debit BIN', bins.mastercardDebit],
      ['a domestic debit card number', cards.mastercardDebit.pan],
      ['a Troy debit card number', cards.troyDebit.pan],
      ['an international BIN', bins.visaInternational],
      ['an international card number', cards.mastercardInternational.pan],
      ['an AMEX card number', cards.amex.pan],
      ['a BIN the sandbox table does not know', bins.unknownVisa],
    ])('%s', async (_, pan) => {
      expect(await options({ amount: 1000, currency: 'TRY', pan, interestPaidByCustomer: true })).toEqual([]);
    });
  });

  describe.concurrent('request rules', () => {
    const valid = { amount: 1000, currency: 'TRY', pan: bins.world };
    test.each([
      ['missing amount', { ...valid, amount: undefined }, 'amount'],
      ['amount 0', { ...valid, amount: 0 }, 'amount'],
      ['amount with 3 decimals', { ...valid, amount: 10.001 }, 'amount'],
      ['amount as a string', { ...valid, amount: '1000' }, 'amount'],
      ['missing currency', { ...valid, currency: undefined }, 'currency'],
      ['a currency not enabled for the merchant (GBP)', { ...valid, currency: 'GBP' }, 'currency'],
      ['missing pan', { ...valid, pan: undefined }, 'pan'],
      ['a pan of 5 digits', { ...valid, pan: '54211' }, 'pan'],
      ['a pan with letters', { ...valid, pan: '5421ab' }, 'pan'],
    ])('%s answers 400 VALIDATION_ERROR naming the field', async (_, body, field) => {
      expectValidationError(await client.post('/api/installment-options', body), field);
    });
  });
});
