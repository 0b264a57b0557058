'use server';

import type { InstallmentChoice, StartPaymentResult } from '@/lib/checkout/action-results';
import { checkoutInstallmentOptions, startCheckoutPayment } from '@/lib/checkout/pay';
import { nudgeCallbackWorker } from '@/lib/callbacks/outbox';
import { database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { currentClient } from '@/lib/http/client';
import { describeError, logger } from '@/lib/log';
import { safeParseRequest, toFieldErrors } from '@/lib/schemas/common';
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
  const startedAt = performance.now();
  if (typeof checkoutId !== 'string') return { ok: false, code: 'NOT_FOUND', message: 'This checkout does not exist' };
  const parsed = safeParseRequest(checkoutCardFormSchema, form);
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(toFieldErrors(parsed.error, form).map((error) => [error.field, error.message]));
    return { ok: false, code: 'VALIDATION_ERROR', message: 'Check the highlighted fields', fieldErrors };
  }
  const client = await currentClient();
  try {
    const step = await startCheckoutPayment({ db: await database(), checkoutId, form: parsed.data, client });
    nudgeCallbackWorker();
    logger.info({ action: 'startPayment', checkoutId, paymentId: step.paymentId, step: step.kind, durationMs: Math.round(performance.now() - startedAt), clientIp: client.ip }, 'action');
    return {
      ok: true,
      next: step.kind === 'challenge' ? { kind: 'challenge', ...step.challenge } : { kind: 'result', paymentId: step.paymentId },
    };
  } catch (error) {
    if (!(error instanceof AppError)) {
      logger.error({ action: 'startPayment', checkoutId, err: describeError(error) }, 'action failed');
      return { ok: false, code: 'INTERNAL_ERROR', message: 'Something went wrong; please try again' };
    }
    logger.info({ action: 'startPayment', checkoutId, code: error.code, clientIp: client.ip }, 'action refused');
    const first = error.fieldErrors[0];
    if (error.code === 'VALIDATION_ERROR' && first) {
      return { ok: false, code: first.code, message: first.message, fieldErrors: { [first.field]: first.message } };
    }
    return { ok: false, code: first?.code.startsWith('CHECKOUT_') ? first.code : error.code, message: error.message };
  }
}
