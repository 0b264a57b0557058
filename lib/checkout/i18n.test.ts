import { describe, expect, test } from 'vitest';
import { failureReason, failureReasonCodes, fill, formatAmount, messages, negotiateLocale, plural } from './i18n';

describe('negotiateLocale', () => {
  test('?lang= wins over the cookie and Accept-Language', () => {
    expect(negotiateLocale({ query: 'tr', cookie: 'en', acceptLanguage: 'en-US' })).toBe('tr');
    expect(negotiateLocale({ query: ['en', 'tr'], acceptLanguage: 'tr-TR' })).toBe('en');
  });

  test('an unknown ?lang= falls back to the cookie, then Accept-Language', () => {
    expect(negotiateLocale({ query: 'de', cookie: 'tr', acceptLanguage: 'en' })).toBe('tr');
    expect(negotiateLocale({ query: 'de', cookie: 'xx', acceptLanguage: 'tr-TR,tr;q=0.9,en;q=0.8' })).toBe('tr');
  });

  test('Accept-Language is read by q-value, skipping languages the page does not speak', () => {
    expect(negotiateLocale({ acceptLanguage: 'de-DE,de;q=0.9,tr;q=0.8,en;q=0.7' })).toBe('tr');
    expect(negotiateLocale({ acceptLanguage: 'en;q=0.5, tr;q=0.9' })).toBe('tr');
    expect(negotiateLocale({ acceptLanguage: 'tr;q=0, en' })).toBe('en');
    expect(negotiateLocale({ acceptLanguage: 'TR' })).toBe('tr');
  });

  test('English when nothing matches', () => {
    expect(negotiateLocale({})).toBe('en');
    expect(negotiateLocale({ acceptLanguage: 'fr-FR, de' })).toBe('en');
    expect(negotiateLocale({ acceptLanguage: '*' })).toBe('en');
    expect(negotiateLocale({ acceptLanguage: ';;,q=,' })).toBe('en');
  });
});

describe('formatting', () => {
  test('amounts use the shopper’s separators, the currency’s decimals and the ISO code', () => {
    expect(formatAmount(103500, 'TRY', 2, 'en')).toBe('1,035.00 TRY');
    expect(formatAmount(103500, 'TRY', 2, 'tr')).toBe('1.035,00 TRY');
    expect(formatAmount(1500, 'JPY', 0, 'en')).toBe('1,500 JPY');
    expect(formatAmount(1234, 'KWD', 3, 'en')).toBe('1.234 KWD');
  });

  test('the English Pay button starts with Pay (api-reference §9)', () => {
    expect(fill(messages.en.form.pay, { amount: formatAmount(103500, 'TRY', 2, 'en') })).toBe('Pay 1,035.00 TRY');
  });

  test('fill leaves unknown placeholders alone; plural picks one / other', () => {
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(plural('en', messages.en.failure.attemptsLeft, 1)).toBe('You can try 1 more time.');
    expect(plural('en', messages.en.failure.attemptsLeft, 2)).toBe('You can try 2 more times.');
  });
});

describe('messages', () => {
  test('the automation contract’s English names (api-reference §9)', () => {
    const form = messages.en.form;
    expect([form.cardHolderName, form.cardNumber, form.expiry, form.securityCode, form.installments]).toEqual([
      'Cardholder name',
      'Card number',
      'Expiry date',
      'Security code',
      'Installments',
    ]);
    expect(form.challengeFrameTitle).toBe('3-D Secure');
    expect(messages.tr.form.challengeFrameTitle).toBe('3-D Secure');
    expect(messages.en.success.heading).toBe('Payment successful');
    expect(messages.en.failure.heading).toBe('Payment failed');
    expect(messages.en.closed.heading).toBe('Payment failed');
    expect(messages.tr.form.installments).toBe('Taksit');
  });

  test('every decline code has its own plain-words reason in both languages; others get the generic one', () => {
    for (const locale of ['en', 'tr'] as const) {
      const reasons = new Set(failureReasonCodes.map((code) => failureReason(locale, code)));
      expect(reasons.size).toBe(failureReasonCodes.length);
      expect(reasons.has(messages[locale].failure.reasons.generic)).toBe(false);
      expect(failureReason(locale, 'SOMETHING_NEW')).toBe(messages[locale].failure.reasons.generic);
      expect(failureReason(locale, null)).toBe(messages[locale].failure.reasons.generic);
    }
  });

  test('Turkish has every message English has', () => {
    const keys = (value: unknown, prefix = ''): string[] =>
      value && typeof value === 'object'
        ? Object.entries(value).flatMap(([key, child]) => keys(child, `${prefix}${key}.`))
        : [prefix];
    expect(keys(messages.tr).sort()).toEqual(keys(messages.en).sort());
  });
});
