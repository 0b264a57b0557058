'use client';

import { CheckboxField, FormMessage, TextField, useDashboardForm, type DashboardAction } from './form-controls';
import { buttonClass } from './primitives';

/** Add an event endpoint: its URL and the event types it receives (all ticked to start with). */
export function EventEndpointForm({ action, eventTypes, disabled }: { action: DashboardAction; eventTypes: readonly string[]; disabled?: boolean }) {
  const { state, pending, formProps } = useDashboardForm(action);
  return (
    <div className="space-y-3">
      <FormMessage state={state} />
      <form {...formProps} aria-label="Add event endpoint" className="space-y-3">
        <TextField name="url" label="Endpoint URL" type="url" placeholder="https://shop.example/kasa/events" required error={state.fieldErrors?.url} />
        <fieldset>
          <legend className="mb-1 text-xs font-medium text-slate-700">Event types</legend>
          <div className="grid grid-cols-1 gap-1 sm:grid-cols-2">
            {eventTypes.map((type) => (
              <CheckboxField key={type} name={`events:${type}`} label={<span className="font-mono text-[13px]">{type}</span>} defaultChecked />
            ))}
          </div>
          {state.fieldErrors?.events ? <p className="mt-1 text-xs text-red-700">{state.fieldErrors.events}</p> : null}
        </fieldset>
        <button type="submit" disabled={pending || disabled} className={buttonClass.primary}>
          {pending ? 'Adding…' : 'Add endpoint'}
        </button>
      </form>
    </div>
  );
}
