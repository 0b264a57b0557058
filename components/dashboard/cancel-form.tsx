'use client';

import { ConfirmStep, useConfirmedForm } from './confirm-step';
import { ClosedForm, FormMessage, TextField, type DashboardAction } from './form-controls';
import { buttonClass } from './primitives';

/**
 * Cancel (void) a payment after a confirmation: an uncaptured pre-authorization's hold is released, a
 * charge of today's open settlement batch is reversed. The server applies the API's rules; a refusal
 * or the bank's decline shows here. Once cancelled the form gives way to `closedNote`.
 */
export function CancelForm({
  action,
  paymentId,
  what,
  open,
  closedNote,
}: {
  action: DashboardAction;
  paymentId: string;
  /** What the cancel does, for the confirmation: "The hold of TRY 250.00 on the card is released." */
  what: string;
  open: boolean;
  closedNote: string;
}) {
  const { state, pending, confirming, ask, back, formProps } = useConfirmedForm(action);
  const errors = state.fieldErrors ?? {};
  if (!open) return <ClosedForm state={state} note={closedNote} />;
  return (
    <form {...formProps} className="space-y-3" aria-label="Cancel payment">
      <FormMessage state={state} />
      {/* The bank's own words for a declined cancel come as the payment id's field error. */}
      {state.error && errors.paymentId ? <p className="text-sm text-red-800">Bank: {errors.paymentId}</p> : null}
      <input type="hidden" name="paymentId" value={paymentId} />
      {confirming ? (
        <ConfirmStep label="Confirm cancel" confirmLabel="Confirm cancel" backLabel="Keep payment" onBack={back}>
          <p className="font-medium">Cancel this payment?</p>
          <p className="text-slate-700">{what} This cannot be undone.</p>
          <TextField name="reason" label="Reason (optional)" maxLength={200} error={errors.reason} className="w-72 pt-1" />
        </ConfirmStep>
      ) : (
        <div className="flex flex-wrap items-center gap-3">
          <button type="button" disabled={pending} onClick={ask} className={buttonClass.danger}>
            {pending ? 'Cancelling…' : 'Cancel payment'}
          </button>
          <p className="text-sm text-slate-700">{what}</p>
        </div>
      )}
    </form>
  );
}
