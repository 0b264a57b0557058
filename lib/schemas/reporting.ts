import { z } from 'zod';
import { currencyExponent, parseAmount } from '../money';
import { currencyField } from './common';
import { apiPaymentResponseSchema, orderIdField, paymentStatus, refundStatus } from './payment';
import { refundSchema } from './refund';

/** List queries and pages of the reporting API (reference §12). Query values arrive as strings. */

const limitField = z.coerce
  .number({ error: 'Limit must be an integer 1–100' })
  .int('Limit must be an integer 1–100')
  .min(1, 'Limit must be an integer 1–100')
  .max(100, 'Limit must be an integer 1–100')
  .default(20)
  .meta({ description: 'Objects per page, 1–100' });

const cursorField = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,200}$/, 'Cursor must be a nextCursor this API answered')
  .optional()
  .meta({ description: 'The `nextCursor` of the previous page' });

const instantField = (what: string) =>
  z.iso.datetime({ offset: true, error: `${what} must be an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z` }).optional();

const majorAmountField = (what: string) =>
  z.coerce
    .number({ error: `${what} must be a number in major units` })
    .positive(`${what} must be greater than 0`)
    .optional()
    .meta({ description: `${what} in major units of \`currency\` (which it requires)` });

export const paymentListQuerySchema = z
  .object({
    status: paymentStatus.optional(),
    orderId: orderIdField.optional(),
    customerId: z.string().min(1).max(64, 'Customer id must be at most 64 characters').optional(),
    last4: z.string().regex(/^\d{4}$/, 'last4 must be the card number’s last four digits').optional(),
    createdFrom: instantField('createdFrom').meta({ description: 'Created at or after (ISO 8601)' }),
    createdTo: instantField('createdTo').meta({ description: 'Created before (ISO 8601)' }),
    minAmount: majorAmountField('minAmount'),
    maxAmount: majorAmountField('maxAmount'),
    currency: currencyField.optional(),
    installmentCount: z.coerce.number({ error: 'installmentCount must be an integer 1–12' }).int().min(1).max(12).optional(),
    refundStatus: refundStatus.optional(),
    limit: limitField,
    cursor: cursorField,
  })
  .superRefine((query, ctx) => {
    for (const field of ['minAmount', 'maxAmount'] as const) {
      const amount = query[field];
      if (amount === undefined) continue;
      if (!query.currency) {
        ctx.addIssue({ code: 'custom', path: [field], message: `${field} needs currency`, params: { code: 'CURRENCY_REQUIRED' } });
      } else if (currencyExponent(query.currency) !== undefined) {
        const parsed = parseAmount(amount, query.currency);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', path: [field], message: parsed.message, params: { code: `AMOUNT_${parsed.error}` } });
      }
    }
    if (query.createdFrom && query.createdTo && Date.parse(query.createdFrom) > Date.parse(query.createdTo)) {
      ctx.addIssue({ code: 'custom', path: ['createdTo'], message: 'createdTo must not be before createdFrom', params: { code: 'INVALID_RANGE' } });
    }
  })
  .meta({ id: 'PaymentListQuery' });

export type PaymentListQuery = z.infer<typeof paymentListQuerySchema>;

export const paymentListResponseSchema = z
  .object({
    data: z.array(apiPaymentResponseSchema),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page' }),
  })
  .meta({ id: 'PaymentList' });

export const refundListQuerySchema = z
  .object({
    paymentId: z.uuid({ error: 'paymentId must be a payment id (UUID)' }).optional(),
    status: z.enum(['SUCCESS', 'FAILED', 'PENDING']).optional(),
    createdFrom: instantField('createdFrom').meta({ description: 'Created at or after (ISO 8601)' }),
    createdTo: instantField('createdTo').meta({ description: 'Created before (ISO 8601)' }),
    limit: limitField,
    cursor: cursorField,
  })
  .superRefine((query, ctx) => {
    if (query.createdFrom && query.createdTo && Date.parse(query.createdFrom) > Date.parse(query.createdTo)) {
      ctx.addIssue({ code: 'custom', path: ['createdTo'], message: 'createdTo must not be before createdFrom', params: { code: 'INVALID_RANGE' } });
    }
  })
  .meta({ id: 'RefundListQuery' });

export type RefundListQuery = z.infer<typeof refundListQuerySchema>;

export const refundPageSchema = z
  .object({
    data: z.array(refundSchema),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page' }),
  })
  .meta({ id: 'RefundPage' });
