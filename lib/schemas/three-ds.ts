import { z } from 'zod';
import { checkAmountDecimals, checkCard } from './common';
import { installmentCountField } from './installments';
import { paymentRequestShape } from './payment';

/** 3-D Secure requests and responses (reference §5: /api/3ds, /api/3ds/{paymentId}/complete). */

export const returnUrlField = (description: string) =>
  z
    .url({ protocol: /^https?$/, error: 'Must be an absolute http(s) URL' })
    .max(2048, 'URL must be at most 2048 characters')
    .meta({ description });

export const threeDsRequestSchema = z
  .object({
    ...paymentRequestShape,
    installmentCount: installmentCountField.default(1).meta({
      description: 'One of the options /api/installment-options gives for this card and amount; 1 is always allowed',
    }),
    interestPaidByCustomer: z.boolean({ error: 'interestPaidByCustomer must be true or false' }).default(false),
    successUrl: returnUrlField('The issuer page POSTs paymentId and securityKey here after authentication'),
    failureUrl: returnUrlField('The issuer page POSTs paymentId and securityKey here when authentication fails'),
  })
  .superRefine(checkAmountDecimals)
  .superRefine(checkCard)
  .meta({ id: 'ThreeDsRequest' });

export type ThreeDsRequest = z.infer<typeof threeDsRequestSchema>;

export const threeDsEnrollmentResponseSchema = z
  .object({
    paymentId: z.uuid(),
    success: z.boolean(),
    resultCode: z.string().meta({ example: 'SUCCESS' }),
    resultMessage: z.string(),
    htmlContent: z.string().nullable().meta({
      description: 'A self-submitting form to the issuer’s 3-D Secure page; render it in the shopper’s browser',
    }),
  })
  .meta({ id: 'ThreeDsEnrollmentResponse' });

export type ThreeDsEnrollmentResponse = z.infer<typeof threeDsEnrollmentResponseSchema>;

export const threeDsCompleteRequestSchema = z
  .object({
    securityKey: z
      .string({ error: 'securityKey must be a string' })
      .min(1, 'securityKey is required')
      .max(256, 'securityKey is too long')
      .meta({ description: 'The key the issuer page POSTed to successUrl or failureUrl' }),
  })
  .meta({ id: 'ThreeDsCompleteRequest' });

export type ThreeDsCompleteRequest = z.infer<typeof threeDsCompleteRequestSchema>;
