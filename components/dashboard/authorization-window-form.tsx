'use client';

import { FormMessage, TextField, useDashboardForm, type DashboardAction } from './form-controls';
import { buttonClass } from './primitives';

/** Settings: how many days (1–30) a new uncaptured pre-authorization holds before it is released. */
export function AuthorizationWindowForm({
  action,
  authorizationDays,
  min,
  max,
}: {
  action: DashboardAction;
  authorizationDays: number;
  min: number;
  max: number;
}) {
  const { state, pending, formProps } = useDashboardForm(action);
  return (
    <div className="space-y-3">
      <FormMessage state={state} />
      <form {...formProps} aria-label="Authorization window" className="flex flex-wrap items-start gap-3">
        <TextField
          name="authorizationDays"
          label="Authorization window (days)"
          type="number"
          min={min}
          max={max}
          step={1}
          defaultValue={String(authorizationDays)}
          required
          error={state.fieldErrors?.authorizationDays}
          hint={`${min} to ${max}. Applies to new pre-authorizations; approved ones keep their deadline.`}
          className="w-80"
        />
        <button type="submit" disabled={pending} className={`${buttonClass.primary} mt-5`}>
          {pending ? 'Saving…' : 'Save window'}
        </button>
      </form>
    </div>
  );
}
