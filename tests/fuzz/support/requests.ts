/**
 * Request generators per merchant endpoint: valid bodies (built from the contract's rules in
 * values.ts), and "breakers" that make a valid body invalid in known fields. Which fields a request
 * has, which are required, nullable, and of what JSON type is read from the endpoint's zod schema
 * (lib/schemas), so a field added to a schema is fuzzed without touching this file.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { checkoutCardFormSchema, checkoutRequestSchema } from '@/lib/schemas/checkout';
import { installmentOptionsRequestSchema } from '@/lib/schemas/installments';
import { captureRequestSchema, paymentRequestSchema } from '@/lib/schemas/payment';
import { cancelRequestSchema, refundRequestSchema } from '@/lib/schemas/refund';
import { threeDsCompleteRequestSchema, threeDsRequestSchema } from '@/lib/schemas/three-ds';
import { cards, CVV, type CardName } from '../../support/cards';
import type { Fields } from './json';
import { raw } from './json';
import {
  amountMinor,
  badCvv,
  badPan,
  binOf,
  cardHolderName,
  cardName,
  contractAllows,
  customerId,
  cvvFor,
  cvvOfWrongType,
  ENABLED_CURRENCIES,
  futureExpiry,
  hostileString,
  httpUrl,
  MAX_AMOUNT_MINOR,
  money,
  notABoolean,
  notANumber,
  notAString,
  orderIdStem,
  panOfWrongType,
  pastExpiry,
  printableText,
  requestIp,
  requestPort,
  uniqueOrderId,
} from './values';

// ---- what the zod schemas say about each field ----

export interface FieldSpec {
  kind: 'string' | 'number' | 'boolean';
  required: boolean;
  nullable: boolean;
  /** The field has a minimum or maximum length (zod min_length / max_length / length_equals). */
  lengthRule: boolean;
}

type AnyObjectSchema = z.ZodObject<z.ZodRawShape>;

function kindOf(schema: z.ZodType): FieldSpec['kind'] {
  let def = schema.def as unknown as { type: string; innerType?: z.ZodType; in?: z.ZodType; options?: z.ZodType[] };
  for (;;) {
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'prefault') def = def.innerType!.def;
    else if (def.type === 'pipe') def = def.in!.def;
    else if (def.type === 'union') def = def.options![0].def;
    else if (def.type === 'string' || def.type === 'number' || def.type === 'boolean') return def.type;
    else throw new Error(`fuzz: no generator for a zod ${def.type} field`);
  }
}

function hasLengthRule(schema: z.ZodType): boolean {
  let def = schema.def as unknown as { type: string; innerType?: z.ZodType; checks?: { _zod: { def: { check: string } } }[] };
  while (def.innerType) def = def.innerType.def;
  return (def.checks ?? []).some((check) => ['min_length', 'max_length', 'length_equals'].includes(check._zod.def.check));
}

/** Field name → JSON type, required, nullable, length rule, read from the schema. */
export function fieldSpecs(schema: AnyObjectSchema): Record<string, FieldSpec> {
  return Object.fromEntries(
    Object.entries(schema.shape).map(([name, field]) => {
      const type = field as z.ZodType;
      return [name, { kind: kindOf(type), required: !type.safeParse(undefined).success, nullable: type.safeParse(null).success, lengthRule: hasLengthRule(type) }];
    }),
  );
}

// ---- valid bodies ----

export interface PaymentCase {
  body: Fields;
  card: CardName;
}

/** A valid §5 payment request (orderId is a stem: send it through `fresh`). */
export const validPayment: fc.Arbitrary<PaymentCase> = cardName.chain((card) =>
  fc
    .record({
      orderId: orderIdStem,
      money,
      cardHolderName,
      cvv: cvvFor(cards[card]),
      expiry: futureExpiry,
      requestIp,
      requestPort,
      customerId,
    })
    .map(({ money: { amount, currency }, expiry, ...rest }) => ({
      card,
      body: dropUndefined({ ...rest, amount, currency, pan: cards[card].pan, ...expiry }),
    })),
);

export interface ThreeDsCase extends PaymentCase {
  /** Which of the card's installment options to take (0: a single payment). */
  installmentPick: number;
}

export const validThreeDs: fc.Arbitrary<ThreeDsCase> = fc
  .record({
    payment: validPayment,
    installmentPick: fc.nat({ max: 12 }),
    interestPaidByCustomer: fc.constantFrom(undefined, true, false),
    successUrl: httpUrl,
    failureUrl: httpUrl,
  })
  .map(({ payment, installmentPick, ...rest }) => ({ ...payment, installmentPick, body: dropUndefined({ ...payment.body, ...rest }) }));

export const validCheckout: fc.Arbitrary<Fields> = fc
  .record({
    orderId: orderIdStem,
    money,
    description: fc.oneof(fc.constant(undefined), fc.constant(null), printableText(500)),
    callback: httpUrl,
    customerId,
    maxInstallmentCount: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
    interestPaidByCustomer: fc.option(fc.boolean(), { nil: undefined }),
    returnUrl: fc.oneof(fc.constant(undefined), fc.constant(null), httpUrl),
    expiresInMinutes: fc.option(fc.oneof(fc.integer({ min: 5, max: 10_080 }), fc.constantFrom(5, 10_080)), { nil: undefined }),
  })
  .map(({ money: { amount, currency }, ...rest }) => dropUndefined({ ...rest, amount, currency }));

export interface InstallmentCase {
  body: Fields;
  card: CardName;
}

export const validInstallmentOptions: fc.Arbitrary<InstallmentCase> = cardName.chain((card) =>
  fc
    .record({
      money,
      pan: fc.oneof(fc.constant(cards[card].pan), binOf(cards[card])),
      maxInstallmentCount: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
      interestPaidByCustomer: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map(({ money: { amount, currency }, ...rest }) => ({ card, body: dropUndefined({ ...rest, amount, currency }) })),
);

export function dropUndefined(fields: Fields): Fields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** The body with its generated orderId stem made unique (see uniqueOrderId). */
export function fresh(body: Fields): Fields {
  return typeof body.orderId === 'string' && /^[A-Za-z0-9._-]{0,64}$/.test(body.orderId) ? { ...body, orderId: uniqueOrderId(body.orderId) } : body;
}

// ---- breakers: a valid body made invalid in known fields ----

/**
 * Fields whose rule reads another field: breaking the key may make the server name these instead
 * (a new card number changes the CVV length and the installments; the currency sets the decimals).
 */
const DEPENDENTS: Record<string, string[]> = {
  pan: ['cvv', 'installmentCount'],
  cvv: [],
  currency: ['amount', 'installmentCount'],
  amount: ['installmentCount'],
  expiryMonth: ['expiryYear'],
  expiryYear: ['expiryMonth'],
};

export interface Breaker {
  /** Field → new value; `undefined` removes the field. */
  set: Fields;
  /** The fields the case broke. */
  broken: string[];
}

/** Values §2/§5 rule out for one field, by field name (the contract's near misses). */
function nearMisses(field: string): fc.Arbitrary<unknown> | undefined {
  switch (field) {
    case 'orderId':
      return fc.oneof(
        fc.constant(''),
        orderIdStem.map((stem) => stem.padEnd(65, 'Z')),
        fc.tuple(orderIdStem, fc.constantFrom(' ', '/', 'İ', 'ş', '\u0000', '💳', '#', '?', '%', '+', '\n'), fc.nat()).map(
          ([stem, bad, at]) => `${stem.slice(0, at % (stem.length + 1))}${bad}${stem.slice(at % (stem.length + 1))}`.slice(0, 64),
        ),
      );
    case 'amount':
      return fc.oneof(
        fc.constantFrom(0, -0.01, -1, 0.001, 1.001, 100.505, 1e-7, 5e-324, 1e20, 1e21, 1_000_000.01, Number.MAX_VALUE, 0.1 + 0.2, -Number.MAX_VALUE),
        fc.constantFrom(raw('1e999'), raw('-1e999'), raw('-0'), raw('0.0')),
        fc.integer({ min: 1, max: 1_000_000_000 }).filter((n) => n % 10 !== 0).map((n) => n / 1000),
        fc.integer({ min: MAX_AMOUNT_MINOR + 1, max: Number.MAX_SAFE_INTEGER }).map((minor) => Math.round(minor) / 100),
        amountMinor.map((minor) => -minor / 100),
      );
    case 'currency':
      return fc.constantFrom('GBP', 'JPY', 'KWD', 'CHF', 'XXX', 'XYZ', 'try', 'Try', 'TRY ', ' TRY', 'TR', 'TRYY', '', 'ТRY', 'US D', 'eur');
    case 'cardHolderName':
      return fc.oneof(
        fc.constantFrom('', 'A', ' A ', '   ', '\t\n', 'é'),
        fc.string({ minLength: 101, maxLength: 300 }).filter((name) => name.trim().length > 100),
        fc.constantFrom('a'.repeat(101), ` ${'b'.repeat(101)} `, 'x'.repeat(10_000)),
      );
    case 'expiryMonth':
      return fc.constantFrom('00', '13', '1', '001', 'ab', '', '٠١', ' 1', '1 ', '-1', '12.0');
    case 'expiry':
      return fc.oneof(
        fc.constantFrom('13/30', '00/30', '1/30', '01/3', '01-30', '0130', '01/2030', '', '/', '01/', '/30', ' 01/30', 'ab/cd', '١٢/٣٠'),
        pastExpiry.map(({ expiryMonth, expiryYear }) => `${expiryMonth}/${expiryYear}`),
      );
    case 'expiryYear':
      return fc.constantFrom('9', '2030', 'ab', '', '٣٠', '-1', '1e', '3 ', ' 3');
    case 'requestIp':
      return fc.constantFrom('999.1.1.1', 'not-an-ip', '', '1.2.3', '::gg', '1.2.3.4:80', 'fe80::1%eth0', ' 1.2.3.4', 'localhost', '256.256.256.256', '1.2.3.4.5', '[::1]', ':::');
    case 'requestPort':
      return fc.constantFrom(0, 65_536, -1, 1.5, 1e10, 443.0001, raw('-0'), raw('1e999'), 99_999);
    case 'customerId':
      return fc.oneof(fc.string({ minLength: 65, maxLength: 200 }).filter((text) => text.length > 64), fc.constant('c'.repeat(10_000)));
    case 'description':
      return fc.oneof(fc.string({ minLength: 501, maxLength: 700 }).filter((text) => text.trim().length > 500), fc.constant('d'.repeat(10_000)));
    case 'callback':
    case 'returnUrl':
    case 'successUrl':
    case 'failureUrl':
      return fc.constantFrom(
        'not a url', '/relative/path', 'ftp://shop.example/x', 'javascript:alert(1)', 'http://', 'https://', '', 'data:text/html,x',
        'mailto:a@shop.example', 'shop.example/cb', '//shop.example/cb', `https://shop.example/${'a'.repeat(2100)}`,
      );
    case 'installmentCount':
    case 'maxInstallmentCount':
      return fc.constantFrom(0, 13, 1.5, -1, 100, 2.0000001, raw('1e999'));
    case 'expiresInMinutes':
      return fc.constantFrom(4, 10_081, 0, -5, 30.5, 1e9, raw('-0'));
    case 'securityKey':
      return fc.oneof(fc.constant(''), fc.constant('k'.repeat(257)), fc.constant('k'.repeat(10_000)));
    default:
      return undefined;
  }
}

/** String fields with a format (not only a length): a hostile string almost always breaks them. */
const FORMATTED = new Set(['orderId', 'currency', 'expiry', 'expiryMonth', 'expiryYear', 'requestIp', 'callback', 'returnUrl', 'successUrl', 'failureUrl']);

/** One field broken: removed (if required), given a wrong JSON type, a hostile string, or a near miss. */
export function fieldBreaker(field: string, spec: FieldSpec): fc.Arbitrary<Breaker> {
  const options: fc.Arbitrary<unknown>[] = [];
  if (spec.required) options.push(fc.constant(undefined));
  if (field === 'pan') options.push(panOfWrongType, badPan);
  else if (field === 'cvv') options.push(cvvOfWrongType, badCvv);
  else if (spec.kind === 'string') {
    options.push(notAString({ nullable: spec.nullable }));
    if (FORMATTED.has(field)) options.push(hostileString.filter((text) => !contractAllows(field, text)));
  } else if (spec.kind === 'number') options.push(notANumber({ nullable: spec.nullable }));
  else options.push(notABoolean({ nullable: spec.nullable }));
  const near = nearMisses(field);
  if (near) options.push(near, near);
  return fc.oneof(...options).map((value) => ({ set: { [field]: value }, broken: [field] }));
}

/** Fields that may be named once `broken` are broken. */
export function allowedFields(broken: string[]): string[] {
  return [...new Set([...broken, ...broken.flatMap((field) => DEPENDENTS[field] ?? [])])];
}

/**
 * 1–3 distinct fields of `schema` broken at once, plus (optionally) expired-card and card-specific
 * breakers. Extra unknown members may ride along: they must change nothing.
 */
export function breakers(schema: AnyObjectSchema, extra: fc.Arbitrary<Breaker>[] = []): fc.Arbitrary<Breaker> {
  const specs = fieldSpecs(schema);
  const single = fc.oneof(...Object.entries(specs).map(([field, spec]) => fieldBreaker(field, spec)), ...extra);
  return fc
    .uniqueArray(single, { minLength: 1, maxLength: 3, selector: (breaker) => Object.keys(breaker.set).sort().join(',') })
    .filter((list) => new Set(list.flatMap((breaker) => Object.keys(breaker.set))).size === list.flatMap((breaker) => Object.keys(breaker.set)).length)
    .map((list) => ({ set: Object.assign({}, ...list.map((breaker) => breaker.set)), broken: list.flatMap((breaker) => breaker.broken) }));
}

/** An expired card: both expiry fields set to a month that has ended. */
export const expiredCard: fc.Arbitrary<Breaker> = pastExpiry.map((expiry) => ({ set: expiry, broken: ['expiryMonth', 'expiryYear'] }));

/** A CVV of the wrong length for the card in the body (4 digits on a 3-digit card, or 3 on the AMEX). */
export const wrongCvvLength = (cardIsAmex: boolean): fc.Arbitrary<Breaker> =>
  fc.constant({ set: { cvv: cardIsAmex ? CVV.standard : CVV.fourDigits }, broken: ['cvv'] });

/** Members no schema knows: ignored by the server, whatever their value or name. */
export const extraMembers = fc.dictionary(
  fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'PAN', 'Amount', 'extra', 'merchantId', 'status', 'paymentId', ''), fc.string({ maxLength: 12 })),
  fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 20 }).filter((text) => !/\d{3}/.test(text))),
  { maxKeys: 3 },
);

/** Applies a breaker (and extra members) to a valid body. */
export function applyBreaker(body: Fields, breaker: Breaker, extra: Fields = {}): Fields {
  const names = new Set(Object.keys(body));
  const out: Fields = { ...body };
  for (const [key, value] of Object.entries(extra)) {
    // defineProperty: a `__proto__` member stays data, as JSON.parse on the server will see it.
    if (!names.has(key) && !Object.hasOwn(breaker.set, key)) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  for (const [field, value] of Object.entries(breaker.set)) {
    if (value === undefined) Reflect.deleteProperty(out, field);
    else out[field] = value;
  }
  return out;
}

export const schemas = {
  payment: paymentRequestSchema as unknown as AnyObjectSchema,
  threeDs: threeDsRequestSchema as unknown as AnyObjectSchema,
  checkout: checkoutRequestSchema as unknown as AnyObjectSchema,
  installmentOptions: installmentOptionsRequestSchema as unknown as AnyObjectSchema,
  capture: captureRequestSchema as unknown as AnyObjectSchema,
  refund: refundRequestSchema as unknown as AnyObjectSchema,
  cancel: cancelRequestSchema as unknown as AnyObjectSchema,
  complete: threeDsCompleteRequestSchema as unknown as AnyObjectSchema,
  /** The hosted checkout's card form (server action startPayment). */
  cardForm: checkoutCardFormSchema as unknown as AnyObjectSchema,
};

export { ENABLED_CURRENCIES };
