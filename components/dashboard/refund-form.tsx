'use client';

import { useState } from 'react';
import { refundFormSchema } from '@/lib/schemas/dashboard-forms';
import { ConfirmStep, useConfirmedForm } from './confirm-step';
import { ClosedForm, FormMessage, TextField, type DashboardAction } from './form-controls';
import { formatMajor } from './format';
import { buttonClass } from './primitives';

/**
 * Refund part or all of what is still refundable, after a confirmation naming the amount. The server
 * applies the API's rules (at most the refundable amount, the payment's currency) and its messages,
 * and a bank's decline, show here. `reference` is rendered fresh with the page: a form sent twice
 * (a double click, a retried post) names one refund, so it never refunds twice; after each refund
 * the page renders again with a new one.
 */
export function RefundForm({
  action,
  paymentId,
  currency,
  reference,
  refundableMajor,
  cardLabel,
  open,
  closedNote,
}: {
  action: DashboardAction;
  paymentId: string;
  currency: string;
  reference: string;
  /** Still refundable, in major units: the amount's default. */
  refundableMajor: number;
  /** "Visa ending in 5126", for the confirmation. */
  cardLabel: string;
  /** Something is still refundable; otherwise `closedNote` says why not. */
  open: boolean;
  closedNote: string;
}) {
  const { state, pending, confirming, ask, back, formProps } = useConfirmedForm(action);
  const [checked, setChecked] = useState<{ amount: number; errors: Record<string, string> }>({ amount: refundableMajor, errors: {} });
  const errors: Partial<Record<string, string>> = { ...state.fieldErrors, ...checked.errors };
  const refundableLabel = formatMajor(refundableMajor, currency);

  // The same schema as the server, so the confirmation names an amount the server would take.
  const review = (form: HTMLFormElement | null) => {
    if (!form) return;
    const parsed = refundFormSchema.safeParse(Object.fromEntries(new FormData(form)));
    if (!parsed.success) {
      const found: Record<string, string> = {};
      for (const issue of parsed.error.issues) found[String(issue.path[0] ?? 'amount')] ??= issue.message;
      setChecked({ amount: 0, errors: found });
    } else if (parsed.data.amount > refundableMajor) {
      setChecked({ amount: 0, errors: { amount: `Amount must not exceed the refundable ${refundableLabel}` } });
    } else {
      setChecked({ amount: parsed.data.amount, errors: {} });
      ask();
    }
  };

  if (!open) return <ClosedForm state={state} note={closedNote} />;
  return (
    <form {...formProps} className="space-y-3" aria-label="Refund payment">
      <FormMessage state={state} />
      <p className="text-sm text-slate-700">
        Refundable: <span className="font-semibold text-slate-900 tabular-nums">{refundableLabel}</span>
      </p>
      <input type="hidden" name="paymentId" value={paymentId} />
      <input type="hidden" name="currency" value={currency} />
      <input type="hidden" name="reference" value={reference} />
      <div className="flex flex-wrap items-start gap-3">
        <TextField
          // A new refundable amount (after a refund) is the new default.
          key={refundableMajor}
          name="amount"
          label={`Amount to refund (${currency})`}
          defaultValue={String(refundableMajor)}
          inputMode="decimal"
          autoComplete="off"
          required
          readOnly={confirming}
          error={errors.amount ?? errors.currency ?? errors.reference}
          hint={`Up to ${refundableLabel}. Refund in parts as often as needed.`}
          className="w-60"
        />
        <TextField name="reason" label="Reason (optional)" maxLength={200} readOnly={confirming} error={errors.reason} className="w-72" />
        {confirming ? null : (
          <button type="button" disabled={pending} onClick={(event) => { review(event.currentTarget.form); }} className={`${buttonClass.primary} mt-5`}>
            {pending ? 'Refunding…' : 'Refund'}
          </button>
        )}
      </div>
      {confirming ? (
        <ConfirmStep label="Confirm refund" confirmLabel="Confirm refund" onBack={back}>
          <p className="font-medium">
            Refund {formatMajor(checked.amount, currency)} to the {cardLabel}?
          </p>
          <p className="text-slate-700">The money goes back to the shopper’s card. A refund cannot be undone.</p>
        </ConfirmStep>
      ) : null}
    </form>
  );
}
