import { z } from 'zod';
import { amountField, cardFields, checkAmountDecimals, checkCard, currencyField, withoutNul } from './common';

/** Payment requests and the ApiPaymentResponse (reference §4, §5). */

export const orderIdField = z
  .string({ error: 'Order id must be a string' })
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'Order id must be 1–64 characters of A–Z, a–z, 0–9, ".", "_" or "-"')
  .meta({ description: "The merchant's tracking number for the order", example: 'ORD-12345' });

export const customerIdField = withoutNul(
  z.string({ error: 'Customer id must be a string' }).max(64, 'Customer id must be at most 64 characters'),
  'Customer id',
)
  .nullish()
  .meta({ example: 'CUST-12345' });

export const paymentRequestShape = {
  orderId: orderIdField,
  amount: amountField,
  currency: currencyField,
  ...cardFields,
  requestIp: z.union([z.ipv4(), z.ipv6()], { error: 'Request IP must be an IPv4 or IPv6 address' }).meta({
    description: "The shopper's IP address",
    example: '192.168.1.1',
  }),
  requestPort: z
    .number({ error: 'Request port must be an integer 1–65535' })
    .int('Request port must be an integer 1–65535')
    .min(1, 'Request port must be an integer 1–65535')
    .max(65535, 'Request port must be an integer 1–65535')
    .meta({ example: 8080 }),
  customerId: customerIdField,
};

export const paymentRequestSchema = z
  .object(paymentRequestShape)
  .superRefine(checkAmountDecimals)
  .superRefine(checkCard)
  .meta({ id: 'PaymentRequest' });

export type PaymentRequest = z.infer<typeof paymentRequestSchema>;

export const captureRequestSchema = z
  .object({ amount: amountField, currency: currencyField })
  .superRefine(checkAmountDecimals)
  .meta({ id: 'CaptureRequest', example: { amount: 90, currency: 'TRY' } });

export type CaptureRequest = z.infer<typeof captureRequestSchema>;

export const paymentStatus = z.enum(['SUCCESS', 'FAILED', 'ENROLLED', 'PENDING', 'EXPIRED', 'CANCELLED']);

/** How much of a payment's charge went back to the card (reference §10). */
export const refundStatus = z.enum(['NOT_REFUNDED', 'PARTIALLY_REFUNDED', 'FULLY_REFUNDED']);

const money = z.number().meta({ description: 'Major units with the currency’s decimals' });

export const apiPaymentResponseSchema = z
  .object({
    paymentId: z.uuid().nullable(),
    orderId: z.string(),
    amount: money,
    installmentCount: z.number().int().nullable(),
    currency: z.string(),
    merchantCommission: money.nullable(),
    status: paymentStatus,
    paymentDate: z.iso.datetime().nullable(),
    cardHolderName: z.string().nullable(),
    pan: z.string().nullable().meta({ description: 'Masked: first 6 and last 4 digits', example: '542119******0656' }),
    domInt: z.enum(['DOM', 'INT']).nullable(),
    cardScheme: z.string().nullable().meta({ example: 'MASTERCARD' }),
    cardType: z.enum(['CREDIT', 'DEBIT', 'PREPAID']).nullable(),
    loyaltyCode: z.string().nullable().meta({ example: 'WORLD' }),
    externalTransactionId: z.string().nullable(),
    authCode: z.string().nullable().meta({ example: 'A1B2C3' }),
    resultCode: z.string().nullable().meta({ example: 'SUCCESS' }),
    resultMessage: z.string().nullable().meta({ example: 'Approved' }),
    customerId: z.string().nullable(),
    // Kasa additions
    transactionType: z.enum(['SALE', 'PRE_AUTHORIZATION']).nullable(),
    authorizedAmount: money.nullable(),
    capturedAmount: money.nullable(),
    interestAmount: money.nullable(),
    totalAmount: money.nullable(),
    refundedAmount: money.nullable().meta({ description: 'What was refunded so far: 0 until refunded' }),
    refundStatus: refundStatus.nullable(),
    cancelledAt: z.iso.datetime().nullable().meta({ description: 'When the payment was voided (status CANCELLED)' }),
  })
  .meta({ id: 'ApiPaymentResponse' });

export type ApiPaymentResponse = z.infer<typeof apiPaymentResponseSchema>;
