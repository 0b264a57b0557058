import { z } from 'zod';
import { cvvLength, detectScheme, validateExpiry, validatePan } from '../cards';
import { currencyExponent, parseAmount } from '../money';
import type { FieldError } from '../errors';

/** Request fields shared by several resources (reference §2). */

/**
 * Text Kasa stores exactly as sent: PostgreSQL text cannot hold NUL, an unpaired surrogate would come
 * back as U+FFFD, and the embedded store drops a leading U+FEFF. No name or reference needs them.
 */
export const withoutNul = (field: z.ZodString, label: string) =>
  field.refine((value) => value.isWellFormed() && !/[\u0000\ufeff]/.test(value), {
    error: `${label} must not contain NUL, U+FEFF or unpaired surrogate characters`,
    params: { code: 'INVALID_CHARACTER' },
  });

export const amountField = z
  .number({ error: 'Amount must be a number in major units, e.g. 100.50' })
  .meta({ description: 'Amount in major units of `currency`, with at most its ISO 4217 decimals', example: 100.5 });

export const currencyField = z
  .string({ error: 'Currency must be a string' })
  .refine((code) => currencyExponent(code) !== undefined, {
    error: 'Currency must be an ISO 4217 alphabetic code, e.g. TRY',
    params: { code: 'INVALID_CURRENCY' },
  })
  .meta({ description: 'ISO 4217 alphabetic code enabled for the merchant', example: 'TRY' });

export const panField = z
  .string({ error: 'Card number must be a string of digits' })
  .refine((pan) => validatePan(pan).ok, { error: 'Card number is not valid', params: { code: 'INVALID_PAN' } })
  .meta({ description: 'Card number: 12–19 digits passing Luhn', example: '5421190122090656' });

export const cardFields = {
  cardHolderName: z
    .string({ error: 'Cardholder name must be a string' })
    .trim()
    .min(2, 'Cardholder name must be 2–100 characters')
    .max(100, 'Cardholder name must be 2–100 characters')
    // A name printed on a card has no control characters (they would also break receipts and logs).
    .refine((value) => value.isWellFormed() && !/[\u0000-\u001f\u007f\ufeff]/.test(value), {
      error: 'Cardholder name must not contain control or unpaired surrogate characters',
      params: { code: 'INVALID_CHARACTER' },
    })
    .meta({ example: 'John Doe' }),
  pan: panField,
  expiryMonth: z
    .string({ error: 'Expiry month must be a string' })
    .regex(/^(0[1-9]|1[0-2])$/, 'Expiry month must be 01–12')
    .meta({ example: '04' }),
  expiryYear: z
    .string({ error: 'Expiry year must be a string' })
    .regex(/^\d{2}$/, 'Expiry year must be two digits')
    .meta({ example: '28' }),
  cvv: z
    .string({ error: 'Security code must be a string' })
    .regex(/^\d{3,4}$/, 'Security code must be 3 digits (4 for AMEX)')
    .meta({ example: '916' }),
};

/** Checks that need two fields at once: decimals by currency, CVV length by brand, card expiry. */
export function checkAmountDecimals(value: { amount: number; currency: string }, ctx: z.RefinementCtx) {
  if (currencyExponent(value.currency) === undefined) return;
  const parsed = parseAmount(value.amount, value.currency);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', path: ['amount'], message: parsed.message, params: { code: `AMOUNT_${parsed.error}` } });
}

/** What is wrong with a card as a whole (CVV length by brand, expiry), field by field. */
export function cardIssues(card: { pan: string; cvv: string; expiryMonth: string; expiryYear: string }) {
  const issues: { field: 'cvv' | 'expiryMonth' | 'expiryYear'; code: string; message: string }[] = [];
  const scheme = detectScheme(card.pan);
  if (scheme && card.cvv.length !== cvvLength(scheme)) {
    issues.push({ field: 'cvv', code: 'INVALID_CVV_LENGTH', message: `Security code must be ${cvvLength(scheme)} digits for this card` });
  }
  const expiry = validateExpiry(card.expiryMonth, card.expiryYear);
  if (!expiry.ok) issues.push({ field: expiry.field, code: expiry.code, message: expiry.message });
  return issues;
}

export function checkCard(value: { pan: string; cvv: string; expiryMonth: string; expiryYear: string }, ctx: z.RefinementCtx) {
  for (const issue of cardIssues(value)) {
    // The fields' own schemas already name a malformed month or year: one error per mistake.
    if (issue.code === 'INVALID_EXPIRY_MONTH' || issue.code === 'INVALID_EXPIRY_YEAR') continue;
    ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message, params: { code: issue.code } });
  }
}

/**
 * `schema.safeParse` for untrusted JSON. Zod 4's length checks read `.length` of any value that has
 * one and can throw on an object like `{"length": {"toString": null}}` instead of reporting a type
 * issue. No request field accepts an object with a `length` member, so such nested objects are
 * replaced by `{}` first: the verdict (invalid, naming the field) is the same, without the throw.
 */
export function safeParseRequest<Schema extends z.ZodType>(schema: Schema, input: unknown) {
  return schema.safeParse(withoutLengthObjects(input));
}

/** Request schemas are flat: only the fields' own values are ever length-checked. */
function withoutLengthObjects(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  return Object.fromEntries(
    Object.entries(input as Record<string, unknown>).map(([key, value]) => [
      key,
      value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, 'length') ? {} : value,
    ]),
  );
}

const issueCodes: Partial<Record<string, string>> = {
  invalid_type: 'INVALID_TYPE',
  too_small: 'TOO_SMALL',
  too_big: 'TOO_BIG',
  invalid_format: 'INVALID_FORMAT',
  invalid_value: 'INVALID_VALUE',
  not_multiple_of: 'INVALID_VALUE',
  invalid_union: 'INVALID_VALUE',
};

/**
 * Zod issues → the contract's field errors. `input` is consulted only to tell a missing field
 * (REQUIRED) from a wrong one; no input value is ever copied into an error.
 */
export function toFieldErrors(error: z.ZodError, input: unknown): FieldError[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || 'body';
    const missing = issue.path.length > 0 && valueAt(input, issue.path) === undefined;
    const custom = (issue as { params?: { code?: string } }).params?.code;
    return {
      field,
      code: missing ? 'REQUIRED' : (custom ?? issueCodes[issue.code] ?? 'INVALID_VALUE'),
      message: missing ? `${field} is required` : issue.message,
    };
  });
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
