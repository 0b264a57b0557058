import { describe, expect, test } from 'vitest';
import {
  type CardProfile,
  type CardScheme,
  cardGaps,
  cvvLength,
  detectScheme,
  installmentsAllowed,
  lookupCard,
  maskPan,
  panBin,
  panLast4,
  validateExpiry,
  validatePan,
} from './index';

const INT_BANK = 'Kasa Sandbox International Bank';
const intCredit = (scheme: CardScheme): CardProfile => ({
  scheme,
  cardType: 'CREDIT',
  domInt: 'INT',
  loyaltyCode: null,
  bankName: INT_BANK,
});

// api-reference §8, row by row.
const SANDBOX_CARDS: Array<[pan: string, profile: Omit<CardProfile, 'bankName'>]> = [
  ['5421190122090656', { scheme: 'MASTERCARD', cardType: 'CREDIT', domInt: 'DOM', loyaltyCode: 'WORLD' }],
  ['5528790000000008', { scheme: 'MASTERCARD', cardType: 'CREDIT', domInt: 'DOM', loyaltyCode: 'BONUS' }],
  ['4546710000000007', { scheme: 'VISA', cardType: 'CREDIT', domInt: 'DOM', loyaltyCode: 'MAXIMUM' }],
  ['4355080000000005', { scheme: 'VISA', cardType: 'CREDIT', domInt: 'DOM', loyaltyCode: 'AXESS' }],
  ['9792000000000003', { scheme: 'TROY', cardType: 'CREDIT', domInt: 'DOM', loyaltyCode: 'PARAF' }],
  ['5400610000000001', { scheme: 'MASTERCARD', cardType: 'DEBIT', domInt: 'DOM', loyaltyCode: null }],
  ['9792100000000001', { scheme: 'TROY', cardType: 'DEBIT', domInt: 'DOM', loyaltyCode: null }],
  ['4111111111111111', { scheme: 'VISA', cardType: 'CREDIT', domInt: 'INT', loyaltyCode: null }],
  ['5555555555554444', { scheme: 'MASTERCARD', cardType: 'CREDIT', domInt: 'INT', loyaltyCode: null }],
  ['378282246310005', { scheme: 'AMEX', cardType: 'CREDIT', domInt: 'INT', loyaltyCode: null }],
  ['4000000000000002', { scheme: 'VISA', cardType: 'CREDIT', domInt: 'INT', loyaltyCode: null }],
  ['4000000000009995', { scheme: 'VISA', cardType: 'CREDIT', domInt: 'INT', loyaltyCode: null }],
  ['4000000000000069', { scheme: 'VISA', cardType: 'CREDIT', domInt: 'INT', loyaltyCode: null }],
  ['4000000000000127', { scheme: 'VISA', cardType: 'CREDIT', domInt: 'INT', loyaltyCode: null }],
  ['4000000000009979', { scheme: 'VISA', cardType: 'CREDIT', domInt: 'INT', loyaltyCode: null }],
  ['4000000000000119', { scheme: 'VISA', cardType: 'CREDIT', domInt: 'INT', loyaltyCode: null }],
  ['4000000000003055', { scheme: 'VISA', cardType: 'CREDIT', domInt: 'INT', loyaltyCode: null }],
];

describe('sandbox test cards (§8)', () => {
  test.each(SANDBOX_CARDS)('%s is a valid card of its scheme with the §8 profile', (pan, profile) => {
    expect(validatePan(pan)).toEqual({ ok: true, scheme: profile.scheme });
    const found = lookupCard(pan);
    expect(found).toMatchObject(profile);
    expect(found?.bankName).toMatch(/Sandbox/);
  });

  test.each(SANDBOX_CARDS)('%s has the same profile looked up by its 6- and 8-digit BIN', (pan) => {
    expect(lookupCard(pan.slice(0, 6))).toEqual(lookupCard(pan));
    expect(lookupCard(pan.slice(0, 8))).toEqual(lookupCard(pan));
  });

  test('domestic cards carry Turkish sandbox bank names, international ones the international sandbox bank', () => {
    for (const [pan, profile] of SANDBOX_CARDS) {
      const bankName = lookupCard(pan)?.bankName;
      if (profile.domInt === 'DOM') expect(bankName).not.toBe(INT_BANK);
      else expect(bankName).toBe(INT_BANK);
    }
  });

  test('only domestic credit cards with a loyalty program allow installments', () => {
    const allowed = SANDBOX_CARDS.filter(([pan]) => installmentsAllowed(lookupCard(pan)!)).map(([pan]) => pan);
    expect(allowed).toEqual(['5421190122090656', '5528790000000008', '4546710000000007', '4355080000000005', '9792000000000003']);
  });
});

describe('lookupCard', () => {
  test('any other number of a known scheme is an international credit card without loyalty', () => {
    expect(lookupCard('4242424242424242')).toEqual(intCredit('VISA'));
    expect(lookupCard('371449635398431')).toEqual(intCredit('AMEX'));
    expect(lookupCard('6011111111111117')).toEqual(intCredit('DISCOVER'));
    expect(lookupCard('979255')).toEqual(intCredit('TROY'));
    expect(installmentsAllowed(lookupCard('4242424242424242')!)).toBe(false);
  });

  test('returns null for unknown schemes and for inputs that are neither a BIN nor a PAN', () => {
    expect(lookupCard('1234567812345670')).toBeNull();
    expect(lookupCard('12345')).toBeNull();
    expect(lookupCard('4111111111')).toBeNull(); // 10 digits: too long for a BIN, too short for a PAN
    expect(lookupCard('4111 1111 1111 1111')).toBeNull();
    expect(lookupCard('')).toBeNull();
  });

  test('returns a copy that callers cannot use to alter the table', () => {
    const profile = lookupCard('542119')!;
    profile.loyaltyCode = null;
    expect(lookupCard('542119')?.loyaltyCode).toBe('WORLD');
  });
});

describe('detectScheme', () => {
  test('shows TROY from the first digits of 9792, never Discover', () => {
    for (const prefix of ['9', '97', '979', '9792', '979200', '9792000000000003']) {
      expect(detectScheme(prefix)).toBe('TROY');
    }
  });

  test('keeps the Troy ranges bundled with credit-card-type (65xxxx) instead of Discover or Elo', () => {
    expect(detectScheme('650052')).toBe('TROY');
    expect(detectScheme('6011')).toBe('DISCOVER');
  });

  test('recognises the common brands from a short prefix', () => {
    expect(detectScheme('4')).toBe('VISA');
    expect(detectScheme('54')).toBe('MASTERCARD');
    expect(detectScheme('2221')).toBe('MASTERCARD');
    expect(detectScheme('34')).toBe('AMEX');
    expect(detectScheme('37')).toBe('AMEX');
    expect(detectScheme('3530')).toBe('JCB');
    expect(detectScheme('36')).toBe('DINERS');
    expect(detectScheme('2200')).toBe('MIR');
    expect(detectScheme('401178')).toBe('ELO');
    expect(detectScheme('606282')).toBe('HIPERCARD');
    expect(detectScheme('6200')).toBe('UNIONPAY');
  });

  test('returns null while ambiguous, for unknown brands and for non-digits', () => {
    expect(detectScheme('5')).toBeNull();
    expect(detectScheme('7')).toBeNull();
    expect(detectScheme('0')).toBeNull();
    expect(detectScheme('')).toBeNull();
    expect(detectScheme('4111 1111')).toBeNull();
    expect(detectScheme('506099')).toBeNull(); // Verve: known to card-validator, not to Kasa
  });
});

describe('validatePan', () => {
  test('rejects a number failing the Luhn check', () => {
    expect(validatePan('4111111111111112')).toEqual({ ok: false, code: 'INVALID_PAN', message: 'Card number is not valid' });
    expect(validatePan('5421190122090657')).toMatchObject({ ok: false, code: 'INVALID_PAN' });
    expect(validatePan('9792000000000004')).toMatchObject({ ok: false, code: 'INVALID_PAN' });
  });

  test('rejects a Luhn-valid length the brand does not issue', () => {
    expect(validatePan('4222222222222')).toMatchObject({ ok: false }); // 13-digit Visa
    expect(validatePan('37828224631000')).toMatchObject({ ok: false }); // 14-digit AMEX prefix
    expect(validatePan('979200000000000004')).toMatchObject({ ok: false }); // 18-digit Troy
  });

  test('rejects unknown brands, non-digits and lengths outside 12–19', () => {
    expect(validatePan('1234567812345670')).toMatchObject({ ok: false });
    expect(validatePan('4111 1111 1111 1111')).toMatchObject({ ok: false });
    expect(validatePan('4111-1111-1111-1111')).toMatchObject({ ok: false });
    expect(validatePan('41111111111')).toMatchObject({ ok: false });
    expect(validatePan('41111111111111111111')).toMatchObject({ ok: false });
    expect(validatePan('')).toMatchObject({ ok: false });
  });

  test('accepts other Luhn-valid numbers of a known brand', () => {
    expect(validatePan('4242424242424242')).toEqual({ ok: true, scheme: 'VISA' });
    expect(validatePan('6011111111111117')).toEqual({ ok: true, scheme: 'DISCOVER' });
    expect(validatePan('3530111333300000')).toEqual({ ok: true, scheme: 'JCB' });
    expect(validatePan('4111111111111111110')).toEqual({ ok: true, scheme: 'VISA' }); // 19-digit Visa
  });
});

describe('cardGaps and cvvLength', () => {
  test('group digits the way the brand prints them', () => {
    expect(cardGaps('VISA')).toEqual([4, 8, 12]);
    expect(cardGaps('TROY')).toEqual([4, 8, 12]);
    expect(cardGaps('AMEX')).toEqual([4, 10]);
  });

  test('AMEX asks for 4 digits, every other scheme for 3', () => {
    expect(cvvLength('AMEX')).toBe(4);
    expect(cvvLength('VISA')).toBe(3);
    expect(cvvLength('TROY')).toBe(3);
    expect(cvvLength('MASTERCARD')).toBe(3);
  });
});

describe('masking', () => {
  test('keeps the first 6 and last 4 digits', () => {
    expect(maskPan('5421190122090656')).toBe('542119******0656');
    expect(maskPan('378282246310005')).toBe('378282*****0005');
    expect(maskPan('4111111111111111110')).toBe('411111*********1110');
    expect(maskPan('676770000009')).toBe('676770**0009');
  });

  test('panBin and panLast4 return the visible parts', () => {
    expect(panBin('5421190122090656')).toBe('542119');
    expect(panLast4('5421190122090656')).toBe('0656');
  });

  test('refuses anything that is not a 12–19 digit card number, without echoing it', () => {
    expect(() => maskPan('4111 1111 1111 1111')).toThrow(RangeError);
    expect(() => maskPan('41111111111')).toThrow(/12–19 digits/);
    expect(() => panBin('abc')).toThrow(RangeError);
    try {
      maskPan('4111-1111-1111-1111');
    } catch (error) {
      expect(String(error)).not.toContain('4111');
    }
  });
});

describe('validateExpiry', () => {
  const now = new Date('2026-05-15T12:00:00Z');

  test('accepts the current month and later dates', () => {
    expect(validateExpiry('05', '26', now)).toEqual({ ok: true });
    expect(validateExpiry('12', '26', now)).toEqual({ ok: true });
    expect(validateExpiry('01', '27', now)).toEqual({ ok: true });
    expect(validateExpiry('01', '99', now)).toEqual({ ok: true });
  });

  test('the card is valid through the last millisecond of its expiry month (UTC)', () => {
    expect(validateExpiry('05', '26', new Date('2026-05-31T23:59:59.999Z'))).toEqual({ ok: true });
    expect(validateExpiry('05', '26', new Date('2026-06-01T00:00:00.000Z'))).toMatchObject({ ok: false, code: 'CARD_EXPIRED' });
    expect(validateExpiry('12', '26', new Date('2026-12-31T23:59:59.999Z'))).toEqual({ ok: true });
    expect(validateExpiry('12', '26', new Date('2027-01-01T00:00:00.000Z'))).toMatchObject({ ok: false, code: 'CARD_EXPIRED' });
  });

  test('an expired card points at the month within the current year, else at the year', () => {
    expect(validateExpiry('04', '26', now)).toEqual({ ok: false, field: 'expiryMonth', code: 'CARD_EXPIRED', message: 'Card has expired' });
    expect(validateExpiry('12', '25', now)).toMatchObject({ ok: false, field: 'expiryYear', code: 'CARD_EXPIRED' });
    expect(validateExpiry('01', '00', now)).toMatchObject({ ok: false, field: 'expiryYear', code: 'CARD_EXPIRED' });
  });

  test('month must be exactly 01–12', () => {
    for (const month of ['00', '13', '1', '001', ' 1', 'ab', '']) {
      expect(validateExpiry(month, '30', now)).toMatchObject({ ok: false, field: 'expiryMonth', code: 'INVALID_EXPIRY_MONTH' });
    }
  });

  test('year must be exactly two digits', () => {
    for (const year of ['2030', '3', '3a', '', ' 30']) {
      expect(validateExpiry('01', year, now)).toMatchObject({ ok: false, field: 'expiryYear', code: 'INVALID_EXPIRY_YEAR' });
    }
  });

  test('defaults to the current time', () => {
    expect(validateExpiry('01', '00')).toMatchObject({ ok: false, code: 'CARD_EXPIRED' });
    expect(validateExpiry('12', '99')).toEqual({ ok: true });
  });
});
