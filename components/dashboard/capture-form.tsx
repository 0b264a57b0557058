'use client';

import { ClosedForm, FormMessage, TextField, useDashboardForm, type DashboardAction } from './form-controls';
import { buttonClass } from './primitives';

/**
 * Capture all or part of an open pre-authorization. The server applies the API's rules (amount up
 * to the authorized one, the payment's currency, once, within 7 days) and its messages show here.
 * Once captured the form gives way to the outcome, announced in the same live region.
 */
export function CaptureForm({
  action,
  paymentId,
  currency,
  authorizedMajor,
  authorizedLabel,
  open,
  closedNote,
}: {
  action: DashboardAction;
  paymentId: string;
  currency: string;
  /** The authorized amount in major units, the form's default. */
  authorizedMajor: string;
  authorizedLabel: string;
  /** Still capturable; otherwise `closedNote` says why not. */
  open: boolean;
  closedNote: string;
}) {
  const { state, pending, formProps } = useDashboardForm(action);
  const errors: Partial<Record<string, string>> = state.fieldErrors ?? {};
  if (!open) return <ClosedForm state={state} note={closedNote} />;
  return (
    <form {...formProps} className="space-y-3" aria-label="Capture pre-authorization">
      <FormMessage state={state} />
      <input type="hidden" name="paymentId" value={paymentId} />
      <input type="hidden" name="currency" value={currency} />
      <div className="flex flex-wrap items-start gap-3">
        <TextField
          name="amount"
          label={`Amount to capture (${currency})`}
          defaultValue={authorizedMajor}
          inputMode="decimal"
          autoComplete="off"
          required
          error={errors.amount ?? errors.currency}
          hint={`Up to ${authorizedLabel}. One capture only: anything not captured is released.`}
          className="w-72"
        />
        <button type="submit" disabled={pending} className={`${buttonClass.primary} mt-5`}>
          {pending ? 'Capturing…' : 'Capture'}
        </button>
      </div>
    </form>
  );
}
