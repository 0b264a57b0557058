/**
 * Arbitraries for single values: valid ones by the rules of reference §2 (written from the contract,
 * not from lib/), and hostile ones (wrong types, huge and tiny numbers, NaN-like strings, 10 k-character
 * strings, Unicode and control characters, nested objects).
 *
 * Card data: every card number and CVV sent comes from tests/support/cards.ts, so the card-data audit
 * knows it. Generated text never holds a run of 12+ digits, a CVV of cards.ts on its own, or the word
 * "cvv", so nothing generated can look like card data to the audit either.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import fc from 'fast-check';
import { bins, cards, CVV, everyCvv, invalidPans, type CardName, type TestCard } from '../../support/cards';
import { raw, RawJson } from './json';

export const ENABLED_CURRENCIES = ['TRY', 'USD', 'EUR'] as const;
export type Currency = (typeof ENABLED_CURRENCIES)[number];

/** Merchant maximum (sandbox default): 1,000,000 in major units. */
export const MAX_AMOUNT_MINOR = 100_000_000;

export const two = (n: number) => String(n).padStart(2, '0');

/** Text the card-data audit can never mistake for a card number or a CVV. */
export function auditSafe(text: string): boolean {
  return !/\d{12,}/.test(text) && !everyCvv.includes(text.trim()) && !/cvv|cvc|security.?code/i.test(text);
}

// ---- valid values (§2) ----

const ORDER_ID_CHARS = Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-');
const orderIdChar = fc.constantFrom(...ORDER_ID_CHARS);
export const orderIdStem = fc.string({ unit: orderIdChar, maxLength: 64 });

/**
 * The orderId actually sent: the generated stem with a random tail, so that every send (shrinking
 * replays a case many times) is a new order. 14 to 64 characters of the allowed set.
 */
export function uniqueOrderId(stem: string): string {
  const tail = randomBytes(7).toString('hex');
  return `${stem.slice(0, 64 - tail.length)}${tail}`;
}

/** Minor units of a 2-decimal currency: small, any, and the edges 0.01 and the maximum. */
export const amountMinor = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 99_999 }) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: MAX_AMOUNT_MINOR }) },
  { weight: 1, arbitrary: fc.constantFrom(1, 99, 100, MAX_AMOUNT_MINOR - 1, MAX_AMOUNT_MINOR) },
);

export const money = fc
  .record({ currency: fc.constantFrom(...ENABLED_CURRENCIES), minor: amountMinor })
  .map(({ currency, minor }) => ({ currency: currency, amount: minor / 100, minor }));

export const cardName = fc.constantFrom(...(Object.keys(cards) as CardName[]));
export const approvedCardName = fc.constantFrom(...(Object.keys(cards) as CardName[]).filter((name) => cards[name].outcome === 'APPROVED'));

/** A CVV of the card's length: the AMEX one, or either 3-digit CVV of cards.ts. */
export const cvvFor = (card: TestCard) => (card.scheme === 'AMEX' ? fc.constant(CVV.amex) : fc.constantFrom(CVV.standard, CVV.alternate));

const monthIndex = (date: Date) => date.getUTCFullYear() * 12 + date.getUTCMonth();
const LAST_MONTH_INDEX = 2099 * 12 + 11;
const expiryAt = (index: number) => ({ expiryMonth: two((index % 12) + 1), expiryYear: two(Math.floor(index / 12) % 100) });

/** Not expired: this month (valid to its end) up to 12/99. */
export const futureExpiry = fc
  .oneof(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: LAST_MONTH_INDEX - monthIndex(new Date()) }))
  .map((offset) => expiryAt(monthIndex(new Date()) + offset));

/** Expired: last month back to 01/00. */
export const pastExpiry = fc
  .oneof(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: monthIndex(new Date()) - 2000 * 12 }))
  .map((offset) => expiryAt(monthIndex(new Date()) - offset));

const nameChar = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...Array.from('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')) },
  { weight: 2, arbitrary: fc.constantFrom(...Array.from('çğıöşüÇĞİÖŞÜéèêñßøåæ')) },
  { weight: 1, arbitrary: fc.constantFrom(' ', '.', '-', "'") },
  { weight: 1, arbitrary: fc.constantFrom(...Array.from('ΩλжщЖ中文字日本語한국어عربيעברית')) },
);

/** 2–100 characters once trimmed, printable. */
export const cardHolderName = fc
  .string({ unit: nameChar, minLength: 2, maxLength: 100 })
  .filter((name) => name.trim().length >= 2 && name.trim().length <= 100 && auditSafe(name));

const printableAscii = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
const printable = fc.oneof({ weight: 4, arbitrary: printableAscii }, { weight: 1, arbitrary: nameChar });

/** Printable text of at most `max` characters. */
export const printableText = (max: number) => fc.string({ unit: printable, maxLength: max }).filter(auditSafe);

/** Optional customerId: absent, null, or up to 64 printable characters. */
export const customerId = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  printableText(64),
);

export const requestIp = fc.oneof(fc.ipV4(), fc.ipV6());
export const requestPort = fc.oneof(fc.integer({ min: 1, max: 65_535 }), fc.constantFrom(1, 65_535));

/** Absolute http(s) URLs of at most 2048 characters. */
export const httpUrl = fc
  .oneof(
    { weight: 3, arbitrary: fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true }) },
    { weight: 1, arbitrary: fc.constantFrom('https://shop.example/kasa/return', 'http://127.0.0.1:8080/3ds?step=done', 'https://[2001:db8::1]/cb') },
  )
  .filter((url) => url.length <= 2048 && auditSafe(url));

/** A BIN (first 6–8 digits) of a test card: never a full card number. */
export const binOf = (card: TestCard) => fc.integer({ min: 6, max: 8 }).map((length) => card.pan.slice(0, length));

// ---- hostile values ----

const controlChar = fc.integer({ min: 0, max: 0x9f }).filter((code) => code < 0x20 || code >= 0x7f).map((code) => String.fromCharCode(code));

/** Any one character: any code point, a C0/C1 control, a lone surrogate, a bidi or zero-width mark. */
export const anyChar = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom(...Array.from('abcdefghijklmnopqrstuvwxyz ')) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x9f }).filter((code) => code < 0x20 || code >= 0x7f).map((code) => String.fromCharCode(code)) },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\ud800', '\udfff', '\u202e', '\u200b', '\ufeff', '\u2028', '\u0301', '💳') },
);

/** Strings chosen to break parsers, encoders, databases and log lines. */
export const nastyStrings = [
  '', ' ', '\u0000', 'a\u0000b', '\t\n\r', '\u200b', '\u202eevil', '\ufeffBOM', '\ud800', 'x\udfffy', '\u2028\u2029',
  'null', 'undefined', 'NaN', 'Infinity', '-Infinity', 'true', '0', '-1', '1e309', '0x1F', '1_000', '１００', '١٠٠', '100,50', ' 100 ',
  '{}', '[]', '{"a":1}', '<script>alert(1)</script>', "' OR '1'='1", 'Robert"); DROP TABLE payments;--', '${jndi:ldap://x/a}',
  '{{7*7}}', '../../../etc/passwd', '%00', '%2e%2e%2f', '\\', '"', 'İ', 'ǅ', 'ß', 'ﬃ', 'a\u0301', '🧪💳', '👩‍👩‍👧‍👦', 'ТRY', 'try', 'TRY ',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...nastyStrings) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: controlChar, minLength: 1, maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.oneof(printable, controlChar, fc.constantFrom(...nastyStrings)), maxLength: 30 }) },
  {
    weight: 1,
    // 1 k – 10 k characters (up to 40 KB of UTF-8)
    arbitrary: fc
      .tuple(fc.constantFrom('a', 'é', '💳', '\u0000', 'x9', ' ', '\u202e'), fc.integer({ min: 1_000, max: 10_000 }))
      .map(([unit, count]) => unit.repeat(count)),
  },
).filter(auditSafe);

/** Numbers at the edges of what JSON and doubles can carry, including tokens JSON.stringify cannot write. */
export const hostileNumber: fc.Arbitrary<number | RawJson> = fc.oneof(
  fc.constantFrom(0, -0.01, -1, 0.001, 1e-7, 5e-324, 1e21, 1e20, 9_007_199_254_740_993, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, -Number.MAX_VALUE, 0.1 + 0.2, 1.005, 65_536, 1.5),
  fc.constantFrom(raw('1e999'), raw('-1e999'), raw('-0'), raw('1E400'), raw('0.0000000000000000000000001'), raw('123456789012345678901234567890e-20')),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !/\d{12,}/.test(String(n))),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
);

/** Strings that read like numbers without being JSON numbers. */
export const numberLikeString = fc.oneof(
  fc.constantFrom('100', '100.50', 'NaN', 'Infinity', '-Infinity', '1e3', '1e309', '0x10', '', ' ', '１００', '100 TRY', '1,5', '-0', '+5'),
  fc.integer({ min: -100_000, max: 100_000 }).map(String),
);

const key = fc.oneof(
  fc.constantFrom('toString', 'valueOf', '__proto__', 'constructor', 'hasOwnProperty', 'then', 'toJSON', 'length', '$ref', ''),
  fc.string({ maxLength: 8 }),
);

/** Any JSON value, with objects whose keys shadow Object.prototype and arrays and objects nested a few levels. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    hostileNumber,
    hostileString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/**
 * Objects with a `length` member, which a string's length rule may read as if it were a string's
 * length: some can be neither a number nor a string (no callable toString or valueOf).
 */
export const lengthyObject = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>({ toString: null }, { toString: 1, valueOf: 1 }, { valueOf: {}, toString: {} }, { toString: 'x' }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({}, [], 'five', 5, -1, null, true, raw('1e999')) },
).map((length) => ({ length }));

/** Arrays or objects nested 50–3000 levels (at most a few KB of JSON). */
export const deeplyNested = fc
  .tuple(fc.integer({ min: 50, max: 3_000 }), fc.boolean())
  .map(([depth, arrays]) => raw(arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`));

/** Not a string: numbers, booleans, null (unless allowed), arrays and objects. */
export const notAString = (options: { nullable: boolean; sample?: string }) =>
  fc.oneof(
    hostileNumber,
    fc.boolean(),
    ...(options.nullable ? [] : [fc.constant(null)]),
    fc.array(hostileJson, { maxLength: 3 }),
    fc.dictionary(key, hostileJson, { maxKeys: 3 }),
    deeplyNested,
    ...(options.sample !== undefined ? [fc.constant([options.sample]), fc.constant({ value: options.sample })] : []),
  );

/** Not a number: number-like strings, booleans, null, arrays and objects. */
export const notANumber = (options: { nullable: boolean; sample?: number }) =>
  fc.oneof(
    numberLikeString,
    fc.boolean(),
    ...(options.nullable ? [] : [fc.constant(null)]),
    fc.array(hostileJson, { maxLength: 3 }),
    fc.dictionary(key, hostileJson, { maxKeys: 3 }),
    deeplyNested,
    ...(options.sample !== undefined ? [fc.constant([options.sample]), fc.constant({ value: options.sample }), fc.constant(String(options.sample))] : []),
  );

/** Not a boolean. */
export const notABoolean = (options: { nullable: boolean }) =>
  fc.oneof(
    fc.constantFrom('true', 'false', 'yes', 'on', '1', '', 1, 0, -1),
    ...(options.nullable ? [] : [fc.constant(null)]),
    fc.array(hostileJson, { maxLength: 3 }),
    fc.dictionary(key, hostileJson, { maxKeys: 3 }),
  );

// ---- card fields: only cards.ts values, wrong ones included ----

/** Card numbers that are wrong (every one from cards.ts), or not card numbers at all. */
export const badPan = fc.oneof(
  fc.constantFrom(...Object.values(invalidPans), ...Object.values(bins), ''),
  cardName.map((name) => `${cards[name].pan}0`),
  cardName.map((name) => ` ${cards[name].pan}`),
  cardName.map((name) => cards[name].pan.slice(0, 11)),
  hostileString.filter((text) => !/\d{3}/.test(text)),
);

/** The pan field with a wrong JSON type: a test card's digits as a number, or anything else but a string. */
export const panOfWrongType = fc.oneof(
  cardName.map((name) => Number(cards[name].pan)),
  cardName.map((name) => [cards[name].pan]),
  fc.boolean(),
  fc.constant(null),
  fc.dictionary(key, fc.constantFrom(null, true, 1), { maxKeys: 2 }),
);

/** CVVs that are wrong for any card (cards.ts ones), or not CVVs at all. */
export const badCvv = fc.oneof(fc.constantFrom(CVV.twoDigits, '', 'abc', `${CVV.standard} `, `${CVV.amex}9`), hostileString.filter((text) => !/\d{3}/.test(text)));

export const cvvOfWrongType = fc.oneof(fc.constantFrom(Number(CVV.standard), Number(CVV.amex), [CVV.standard], null, true), fc.dictionary(key, fc.constant(1), { maxKeys: 2 }));

// ---- the contract's verdict on a single string (used to keep only hostile strings that break a rule) ----

const isAbsoluteHttpUrl = (text: string) => {
  try {
    return /^https?:$/.test(new URL(text).protocol) && text.length <= 2048;
  } catch {
    return false;
  }
};

/** Whether §2/§5 allow `value` for `field` on its own (cross-field rules aside). */
export function contractAllows(field: string, value: string): boolean {
  switch (field) {
    case 'orderId':
      return /^[A-Za-z0-9._-]{1,64}$/.test(value);
    case 'currency':
      return (ENABLED_CURRENCIES as readonly string[]).includes(value);
    case 'cardHolderName':
      return value.trim().length >= 2 && value.trim().length <= 100;
    case 'expiryMonth':
      return /^(0[1-9]|1[0-2])$/.test(value);
    case 'expiryYear':
      return /^\d{2}$/.test(value);
    case 'expiry':
      return /^(0[1-9]|1[0-2])\/\d{2}$/.test(value);
    case 'cvv':
      return /^\d{3,4}$/.test(value);
    case 'pan':
      return /^\d{12,19}$/.test(value);
    case 'requestIp':
      return net.isIP(value) !== 0 && !value.includes('%');
    case 'customerId':
      return value.length <= 64;
    case 'description':
      return value.trim().length <= 500;
    case 'callback':
    case 'returnUrl':
    case 'successUrl':
    case 'failureUrl':
      return isAbsoluteHttpUrl(value);
    default:
      return true;
  }
}
