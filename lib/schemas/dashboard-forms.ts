import { z } from 'zod';
import { bankAccountRequestSchema, parseInstallmentRates } from './bank-account';
import { eventEndpointRequestSchema } from './events';
import { checkoutRequestSchema } from './checkout';
import { captureRequestSchema } from './payment';
import { cancelRequestSchema, refundRequestSchema } from './refund';

/**
 * The dashboard's forms and list queries. Forms post strings; these schemas turn them into the API's
 * request shapes and validate with the API's own schemas, so a field breaks the same rule, with the
 * same message, whether it came from the dashboard or from POST /api/….
 */

/** How long a rotated-out secret may keep working: 0 (not at all) to 72 hours. */
export const MAX_OVERLAP_HOURS = 72;

type FormInput = Record<string, unknown>;

const asRecord = (input: unknown): FormInput => (input && typeof input === 'object' ? (input as FormInput) : {});

/** '' and missing are absent; anything else is kept as typed. */
const optionalText = (value: unknown) => (typeof value === 'string' ? (value.trim() === '' ? undefined : value.trim()) : value);

/** A required text field left empty is '' so its own rule ("1–64 characters…") explains what is wanted. */
const requiredText = (value: unknown) => (value === undefined || value === null ? '' : typeof value === 'string' ? value.trim() : value);

/** Digits with an optional decimal point (or comma, as merchants in Türkiye type it) become a number. */
export function formNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text === '') return undefined;
  return /^-?\d+([.,]\d+)?$/.test(text) ? Number(text.replace(',', '.')) : text;
}

/** A checkbox posts "on" when ticked and nothing otherwise. */
const formBoolean = (value: unknown) => value === 'on' || value === 'true' || value === true;

/** Capture form: the API's CaptureRequest plus the payment it is for. */
export const captureFormSchema = z.preprocess(
  (input) => {
    const form = asRecord(input);
    return { paymentId: requiredText(form.paymentId), amount: formNumber(form.amount), currency: requiredText(form.currency) };
  },
  z.intersection(z.object({ paymentId: z.string({ error: 'Payment id is missing' }).min(1, 'Payment id is missing') }), captureRequestSchema),
);

export type CaptureForm = z.infer<typeof captureFormSchema>;

const paymentIdField = z.string({ error: 'Payment id is missing' }).min(1, 'Payment id is missing');

/** Cancel form: the API's CancelRequest (an optional reason) plus the payment it is for. */
export const cancelFormSchema = z.preprocess(
  (input) => {
    const form = asRecord(input);
    return { paymentId: requiredText(form.paymentId), reason: optionalText(form.reason) };
  },
  z.intersection(z.object({ paymentId: paymentIdField }), cancelRequestSchema),
);

export type CancelForm = z.infer<typeof cancelFormSchema>;

/**
 * Refund form: the API's RefundRequest plus the payment it is for. Unlike the API, the amount is
 * required (the confirmation names it) and so is the reference: the page renders a fresh one with
 * each form, so a form sent twice names one refund and never refunds twice.
 */
export const refundFormSchema = z.preprocess(
  (input) => {
    const form = asRecord(input);
    return {
      paymentId: requiredText(form.paymentId),
      amount: formNumber(form.amount),
      currency: requiredText(form.currency),
      reference: requiredText(form.reference),
      reason: optionalText(form.reason),
    };
  },
  z.intersection(
    z.object({
      paymentId: paymentIdField,
      amount: z.unknown().refine((amount) => amount !== undefined, 'Enter the amount to refund'),
      reference: z.string().min(1, 'This form has no refund reference: reload the page'),
    }),
    refundRequestSchema,
  ),
);

export type RefundForm = z.infer<typeof refundFormSchema>;

/** Create-link form: exactly the API's CheckoutRequest. */
export const checkoutFormSchema = z.preprocess((input) => {
  const form = asRecord(input);
  return {
    orderId: requiredText(form.orderId),
    amount: formNumber(form.amount),
    currency: requiredText(form.currency),
    description: optionalText(form.description),
    callback: requiredText(form.callback),
    customerId: optionalText(form.customerId),
    maxInstallmentCount: formNumber(form.maxInstallmentCount),
    interestPaidByCustomer: formBoolean(form.interestPaidByCustomer),
    returnUrl: optionalText(form.returnUrl),
    expiresInMinutes: formNumber(form.expiresInMinutes),
  };
}, checkoutRequestSchema);

/** Rotate the API secret or the callback secret: how long the outgoing one keeps working. */
export const rotationFormSchema = z.preprocess(
  (input) => ({ overlapHours: formNumber(asRecord(input).overlapHours) }),
  z.object({
    overlapHours: z
      .number({ error: `Overlap must be a whole number of hours, 0–${MAX_OVERLAP_HOURS}` })
      .int(`Overlap must be a whole number of hours, 0–${MAX_OVERLAP_HOURS}`)
      .min(0, `Overlap must be a whole number of hours, 0–${MAX_OVERLAP_HOURS}`)
      .max(MAX_OVERLAP_HOURS, `Overlap must be a whole number of hours, 0–${MAX_OVERLAP_HOURS}`),
  }),
);

/** Days an uncaptured pre-authorization holds before it is released (reference §10: 1–30, default 7). */
export const MIN_AUTHORIZATION_DAYS = 1;
export const MAX_AUTHORIZATION_DAYS = 30;
const authorizationDaysMessage = `The authorization window must be a whole number of days, ${MIN_AUTHORIZATION_DAYS}–${MAX_AUTHORIZATION_DAYS}`;
export const authorizationDaysSchema = z
  .number({ error: authorizationDaysMessage })
  .int(authorizationDaysMessage)
  .min(MIN_AUTHORIZATION_DAYS, authorizationDaysMessage)
  .max(MAX_AUTHORIZATION_DAYS, authorizationDaysMessage);

/** Settings: the merchant's authorization window for new pre-authorizations. */
export const authorizationWindowFormSchema = z.preprocess(
  (input) => ({ authorizationDays: formNumber(asRecord(input).authorizationDays) }),
  z.object({ authorizationDays: authorizationDaysSchema }),
);

export const resendFormSchema = z.object({ deliveryId: z.string({ error: 'Delivery id is missing' }).min(1, 'Delivery id is missing') });

// List queries (?status=&refundStatus=&from=&to=&orderId=&last4=&page=): a value that does not parse is ignored.

type SearchParams = Record<string, string | string[] | undefined>;

const firstValue = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);
const lenient = <T extends z.ZodType>(schema: T) => z.preprocess((value) => optionalText(firstValue(value)), schema.optional()).catch(undefined);
const isoDate = z.iso.date();
const page = z.preprocess((value) => formNumber(firstValue(value)), z.number().int().min(1).max(100_000)).catch(1);

export const PAGE_SIZE = 25;

export const paymentStatusFilter = ['SUCCESS', 'FAILED', 'ENROLLED', 'PENDING', 'CANCELLED', 'EXPIRED'] as const;

/** The API's `refundStatus` values, and REFUNDED: partially or fully (any money went back). */
export const refundStatusFilter = ['REFUNDED', 'PARTIALLY_REFUNDED', 'FULLY_REFUNDED', 'NOT_REFUNDED'] as const;

export type RefundStatusFilter = (typeof refundStatusFilter)[number];

export const paymentListQuerySchema = z.object({
  status: lenient(z.enum(paymentStatusFilter)),
  refundStatus: lenient(z.enum(refundStatusFilter)),
  /** Days (YYYY-MM-DD, UTC), both included. */
  from: lenient(isoDate),
  to: lenient(isoDate),
  orderId: lenient(z.string().max(64)),
  last4: lenient(z.string().regex(/^\d{4}$/)),
  page,
});

export type PaymentListQuery = z.infer<typeof paymentListQuerySchema>;

export const checkoutStatusFilter = ['PENDING', 'PAID', 'FAILED', 'EXPIRED', 'CLOSED'] as const;

export const checkoutListQuerySchema = z.object({
  status: lenient(z.enum(checkoutStatusFilter)),
  orderId: lenient(z.string().max(64)),
  page,
});

export type CheckoutListQuery = z.infer<typeof checkoutListQuerySchema>;

export const refundStatusListFilter = ['SUCCESS', 'FAILED', 'PENDING'] as const;

/** The refunds list (?status=&from=&to=&page=): days are UTC, both included. */
export const refundListQuerySchema = z.object({
  status: lenient(z.enum(refundStatusListFilter)),
  from: lenient(isoDate),
  to: lenient(isoDate),
  page,
});

export type RefundListQuery = z.infer<typeof refundListQuerySchema>;

/** `failing`: given up, or retrying after a failed attempt. */
export const deliveryStateFilter = ['failing', 'PENDING', 'DELIVERED', 'FAILED'] as const;

export const deliveryListQuerySchema = z.object({
  state: lenient(z.enum(deliveryStateFilter)),
  page,
});

export type DeliveryListQuery = z.infer<typeof deliveryListQuerySchema>;

export const parseListQuery = <T extends z.ZodType>(schema: T, searchParams: SearchParams): z.infer<T> => schema.parse(searchParams);

/**
 * Settings' "Add endpoint" form: the URL and one checkbox per event type (named `events:<type>`,
 * so each is its own form field); the API's EventEndpointRequest validates the result.
 */
export const eventEndpointFormSchema = z.preprocess((input) => {
  const form = asRecord(input);
  return {
    url: form.url,
    events: Object.keys(form)
      .filter((name) => name.startsWith('events:'))
      .map((name) => name.slice('events:'.length)),
  };
}, eventEndpointRequestSchema);

export const eventEndpointIdFormSchema = z.object({ endpointId: z.string({ error: 'Endpoint id is missing' }).min(1, 'Endpoint id is missing') });

/** A secret is kept exactly as typed (no trimming: a space may be part of it); missing is ''. */
const secretText = (value: unknown) => (value === undefined || value === null ? '' : value);

export const INSTALLMENT_RATES_FORMAT = 'Rates are installment counts and percents, like 2:1.80, 3:2.90';

/**
 * Settings' "Add bank account" form: the CLI's fields, one checkbox per loyalty program (named
 * `programs:<code>`) and the rates as typed ("2:1.80, 3:2.90", percent); the bank account schema
 * `npm run acquirer:add` uses validates the result.
 */
export const bankAccountFormSchema = z.preprocess(
  (input) => {
    const form = asRecord(input);
    return {
      provider: requiredText(form.provider),
      name: requiredText(form.name),
      apiUrl: requiredText(form.apiUrl),
      gateUrl: requiredText(form.gateUrl),
      clientId: requiredText(form.clientId),
      apiUser: requiredText(form.apiUser),
      apiPassword: secretText(form.apiPassword),
      storeKey: secretText(form.storeKey),
      programs: Object.entries(form)
        .filter(([name, ticked]) => name.startsWith('programs:') && formBoolean(ticked))
        .map(([name]) => name.slice('programs:'.length)),
      isDefault: formBoolean(form.isDefault),
      installmentRates: typeof form.installmentRates === 'string' ? parseInstallmentRates(form.installmentRates) : undefined,
    };
  },
  z.intersection(
    // Text parseInstallmentRates could not read comes back as it was: say what is wanted, once.
    z.object({ installmentRates: z.unknown().refine((rates) => typeof rates !== 'string', INSTALLMENT_RATES_FORMAT) }),
    bankAccountRequestSchema,
  ),
);

export const bankAccountIdFormSchema = z.object({ bankAccountId: z.string({ error: 'Bank account id is missing' }).min(1, 'Bank account id is missing') });
