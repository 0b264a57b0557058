'use server';

import type { InstallmentChoice, StartPaymentResult } from '@/lib/checkout/action-results';
import { checkoutInstallmentOptions, startCheckoutPayment } from '@/lib/checkout/pay';
import { nudgeCallbackWorker } from '@/lib/notifications/outbox';
import { database } from '@/lib/db/client';
import { isUuid } from '@/lib/crypto';
import { fieldErrorMap, runAction } from '@/lib/http/action';
import { checkoutCardFormSchema, type CheckoutCardForm } from '@/lib/schemas/checkout';

/** Installment options for the card whose BIN the shopper has typed so far. */
export async function loadInstallmentOptions(checkoutId: string, bin: string): Promise<{ options: InstallmentChoice[] }> {
  if (typeof checkoutId !== 'string' || typeof bin !== 'string') return { options: [] };
  const quotes = await checkoutInstallmentOptions({ db: await database(), checkoutId, bin });
  return {
    options: quotes.map(({ installmentCount, installmentMinor, interestMinor, totalMinor }) => ({
      installmentCount,
      installmentMinor,
      interestMinor,
      totalMinor,
    })),
  };
}

/**
 * The shopper's Pay: re-validates the card form with the schema the browser used, then starts 3-D
 * Secure. Server actions are reachable by direct POST, so nothing here trusts the page's state.
 */
export async function startPayment(checkoutId: string, form: CheckoutCardForm): Promise<StartPaymentResult> {
  if (typeof checkoutId !== 'string') return { ok: false, code: 'NOT_FOUND', message: 'This checkout does not exist' };
  const result = await runAction({
    name: 'startPayment',
    // Only a well-formed id is logged: the argument is whatever the caller sent.
    about: { checkoutId: isUuid(checkoutId) ? checkoutId : 'malformed' },
    schema: checkoutCardFormSchema,
    input: form,
    run: async (card, client) => {
      const step = await startCheckoutPayment({ db: await database(), checkoutId, form: card, client });
      nudgeCallbackWorker();
      return step;
    },
  });
  if (result.ok) {
    const step = result.value;
    return { ok: true, next: step.kind === 'challenge' ? { kind: 'challenge', ...step.challenge } : { kind: 'result', paymentId: step.paymentId } };
  }
  const fieldErrors = fieldErrorMap(result.fieldErrors);
  if (result.invalidInput) return { ok: false, code: result.code, message: result.message, fieldErrors };
  // The domain refuses one field at a time: the form shows it under that field's own code.
  const first = result.fieldErrors.at(0);
  if (result.code === 'VALIDATION_ERROR' && first) return { ok: false, code: first.code, message: first.message, fieldErrors: { [first.field]: first.message } };
  return { ok: false, code: first?.code.startsWith('CHECKOUT_') ? first.code : result.code, message: result.message };
}
