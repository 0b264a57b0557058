import { z } from 'zod';
import { validatePan } from '../cards';
import { amountField, checkAmountDecimals, currencyField } from './common';

export const installmentCountField = z
  .number({ error: 'Installment count must be an integer 1–12' })
  .int('Installment count must be an integer 1–12')
  .min(1, 'Installment count must be an integer 1–12')
  .max(12, 'Installment count must be an integer 1–12');

export const installmentOptionsRequestSchema = z
  .object({
    amount: amountField,
    currency: currencyField,
    pan: z
      .string({ error: 'Card number must be a string of digits' })
      .refine((pan) => /^\d{6,8}$/.test(pan) || validatePan(pan).ok, {
        error: 'Give the card BIN (first 6–8 digits) or a valid card number',
        params: { code: 'INVALID_PAN' },
      })
      .meta({ description: 'BIN (first 6–8 digits) or the full card number', example: '54211901' }),
    maxInstallmentCount: installmentCountField.default(12),
    interestPaidByCustomer: z.boolean({ error: 'interestPaidByCustomer must be true or false' }).default(false),
  })
  .superRefine(checkAmountDecimals)
  .meta({ id: 'InstallmentOptionsRequest' });

export type InstallmentOptionsRequest = z.infer<typeof installmentOptionsRequestSchema>;

export const installmentOptionSchema = z
  .object({
    installmentCount: z.number().int(),
    installmentAmount: z.number(),
    currency: z.string(),
    interestAmount: z.number(),
    totalAmount: z.number(),
  })
  .meta({ id: 'InstallmentOption', example: { installmentCount: 2, installmentAmount: 510, currency: 'TRY', interestAmount: 20, totalAmount: 1020 } });

export const installmentOptionsResponseSchema = z
  .object({ options: z.array(installmentOptionSchema) })
  .meta({ id: 'InstallmentOptionsResponse' });

export type InstallmentOption = z.infer<typeof installmentOptionSchema>;
