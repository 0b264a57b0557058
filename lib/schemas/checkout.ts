import { z } from 'zod';
import { amountField, cardFields, cardIssues, checkAmountDecimals, currencyField, withoutNul } from './common';
import { installmentCountField } from './installments';
import { customerIdField, orderIdField } from './payment';
import { returnUrlField } from './three-ds';

/** Hosted checkout links (reference §5 /api/checkout, §7) and the checkout page's card form. */

export const checkoutRequestSchema = z
  .object({
    orderId: orderIdField,
    amount: amountField,
    currency: currencyField,
    description: withoutNul(
      z.string({ error: 'Description must be a string' }).trim().max(500, 'Description must be at most 500 characters'),
      'Description',
    ).nullish(),
    callback: returnUrlField('Kasa POSTs checkoutId (form data) here after every processed payment attempt'),
    customerId: customerIdField,
    maxInstallmentCount: installmentCountField.default(1),
    interestPaidByCustomer: z.boolean({ error: 'interestPaidByCustomer must be true or false' }).default(false),
    returnUrl: returnUrlField('Where the shopper’s browser goes after the result page').nullish(),
    expiresInMinutes: z
      .number({ error: 'expiresInMinutes must be an integer 5–10080' })
      .int('expiresInMinutes must be an integer 5–10080')
      .min(5, 'expiresInMinutes must be an integer 5–10080')
      .max(10080, 'expiresInMinutes must be an integer 5–10080')
      .default(30),
  })
  .superRefine(checkAmountDecimals)
  .meta({ id: 'CheckoutRequest' });

export type CheckoutRequest = z.infer<typeof checkoutRequestSchema>;

export const checkoutCreatedResponseSchema = z
  .object({
    checkoutId: z.uuid(),
    redirectUrl: z.url().meta({ description: 'Send the shopper’s browser here: {PUBLIC_BASE_URL}/checkout-link/{checkoutId}' }),
  })
  .meta({ id: 'CheckoutCreatedResponse' });

/**
 * The checkout page's card form, validated in the browser (react-hook-form + zodResolver) and again
 * by the server action. Field rules are the API's; the expiry is typed as one MM/YY field.
 */
export const checkoutCardFormSchema = z
  .object({
    cardHolderName: cardFields.cardHolderName,
    pan: cardFields.pan,
    expiry: z.string({ error: 'Enter the expiry date as MM/YY' }).regex(/^(0[1-9]|1[0-2])\/\d{2}$/, 'Enter the expiry date as MM/YY'),
    cvv: cardFields.cvv,
    installmentCount: installmentCountField,
  })
  .superRefine((form, ctx) => {
    for (const issue of cardIssues({ pan: form.pan, cvv: form.cvv, ...splitExpiry(form.expiry) })) {
      const field = issue.field === 'cvv' ? 'cvv' : 'expiry';
      ctx.addIssue({ code: 'custom', path: [field], message: issue.message, params: { code: issue.code } });
    }
  });

export type CheckoutCardForm = z.infer<typeof checkoutCardFormSchema>;

/** Splits the form's MM/YY into the API's expiryMonth and expiryYear. */
export function splitExpiry(expiry: string): { expiryMonth: string; expiryYear: string } {
  const [expiryMonth = '', expiryYear = ''] = expiry.split('/');
  return { expiryMonth, expiryYear };
}
