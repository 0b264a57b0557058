'use client';

import { CopyField } from './copy-field';
import { FormMessage, TextField, useDashboardForm, type DashboardAction } from './form-controls';
import { buttonClass } from './primitives';

/**
 * Rotate a secret with an overlap (0–72 h). The new secret comes back in the action's answer only,
 * so it is shown here once; a reload or another visit shows its last 4 characters and nothing more.
 */
export function RotateSecretForm({
  action,
  what,
  secretLabel,
  maxOverlapHours,
}: {
  action: DashboardAction;
  what: string;
  secretLabel: string;
  maxOverlapHours: number;
}) {
  const { state, pending, formProps } = useDashboardForm(action);
  const secret = state.ok && typeof state.data?.secret === 'string' ? state.data.secret : null;
  return (
    <div className="space-y-3">
      <FormMessage state={state} />
      {secret ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3">
          <p className="mb-2 text-sm font-semibold text-amber-900">Copy the new {secretLabel} now: it will not be shown again.</p>
          <CopyField label={`New ${secretLabel}`} value={secret} tone="secret" />
        </div>
      ) : null}
      <form {...formProps} aria-label={`Rotate ${what}`} className="flex flex-wrap items-start gap-3">
        <TextField
          name="overlapHours"
          label="Old secret keeps working for (hours)"
          type="number"
          min={0}
          max={maxOverlapHours}
          step={1}
          defaultValue="24"
          required
          error={state.fieldErrors?.overlapHours}
          hint={`0 to ${maxOverlapHours}. 0 ends the old secret at once.`}
          className="w-80"
        />
        <button type="submit" disabled={pending} className={`${buttonClass.danger} mt-5`}>
          {pending ? 'Rotating…' : `Rotate ${what}`}
        </button>
      </form>
    </div>
  );
}
