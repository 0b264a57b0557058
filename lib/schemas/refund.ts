import { z } from 'zod';
import { amountField, checkAmountDecimals, currencyField, withoutNul } from './common';

/** Cancel and refund requests and the Refund object (reference §10). */

const reasonField = withoutNul(z.string({ error: 'Reason must be a string' }).max(200, 'Reason must be at most 200 characters'), 'Reason')
  .optional()
  .meta({ description: 'Why, for the merchant’s own records', example: 'Customer returned the order' });

export const cancelRequestSchema = z.object({ reason: reasonField }).meta({ id: 'CancelRequest', example: {} });

export type CancelRequest = z.infer<typeof cancelRequestSchema>;

export const refundReferenceField = z
  .string({ error: 'Reference must be a string' })
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'Reference must be 1–64 characters of A–Z, a–z, 0–9, ".", "_" or "-"')
  .meta({ description: 'The merchant’s own id for this refund, unique per payment: a retry with it never refunds twice', example: 'RET-1001-1' });

export const refundRequestSchema = z
  .object({
    amount: amountField.optional().meta({ description: 'Left out: everything still refundable' }),
    currency: currencyField,
    reference: refundReferenceField.optional(),
    reason: reasonField,
  })
  .superRefine((value, ctx) => {
    if (value.amount !== undefined) checkAmountDecimals({ amount: value.amount, currency: value.currency }, ctx);
  })
  .meta({ id: 'RefundRequest', example: { amount: 25, currency: 'TRY', reference: 'RET-1001-1' } });

export type RefundRequest = z.infer<typeof refundRequestSchema>;

const money = z.number().meta({ description: 'Major units with the currency’s decimals' });

export const refundSchema = z
  .object({
    refundId: z.uuid(),
    paymentId: z.uuid(),
    orderId: z.string(),
    reference: z.string().nullable(),
    amount: money,
    currency: z.string(),
    status: z.enum(['SUCCESS', 'FAILED', 'PENDING']).meta({ description: 'PENDING only while the bank has not answered' }),
    resultCode: z.string().nullable().meta({ example: 'SUCCESS' }),
    resultMessage: z.string().nullable().meta({ example: 'Refunded' }),
    refundDate: z.iso.datetime(),
    externalTransactionId: z.string().nullable().meta({ description: 'The bank’s reference for this refund' }),
    reason: z.string().nullable(),
    refundedAmount: money.meta({ description: 'The payment’s refunded total after this refund' }),
    refundableAmount: money.meta({ description: 'What the payment still has to refund after this refund' }),
  })
  .meta({ id: 'Refund' });

export type RefundResponse = z.infer<typeof refundSchema>;

export const refundListSchema = z.object({ refunds: z.array(refundSchema) }).meta({ id: 'RefundList' });
