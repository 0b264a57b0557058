'use client';

import { useDashboardForm, type DashboardAction } from './form-controls';
import { buttonClass } from './primitives';

/** Resend one callback event now (same eventId); the outcome is announced beside the button. */
export function ResendButton({ action, deliveryId, label, size = 'small' }: { action: DashboardAction; deliveryId: string; label: string; size?: 'small' | 'regular' }) {
  const { state, pending, formProps } = useDashboardForm(action);
  return (
    <form {...formProps} className="flex items-center gap-2">
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <button type="submit" disabled={pending} aria-label={label} className={size === 'small' ? buttonClass.small : buttonClass.secondary}>
        {pending ? 'Resending…' : 'Resend'}
      </button>
      <span role="status" className={`text-xs ${state.error ? 'text-red-700' : 'text-green-800'}`}>
        {state.error ?? (state.ok ? state.message : '')}
      </span>
    </form>
  );
}
