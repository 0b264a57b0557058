'use client';

import { useDashboardForm, type DashboardAction } from './form-controls';
import { buttonClass } from './primitives';

/**
 * One button acting on a listed item (Send test event, Test connection, Delete, Remove): a form posting
 * the item's id under `field`, with the outcome announced beside it.
 */
export function RowActionButton({
  action,
  field,
  children,
  label,
  tone = 'secondary',
}: {
  action: DashboardAction;
  /** The hidden input naming the item, e.g. { name: 'endpointId', value: endpoint.id }. */
  field: { name: string; value: string };
  children: string;
  label: string;
  tone?: 'secondary' | 'danger';
}) {
  const { state, pending, formProps } = useDashboardForm(action);
  return (
    <form {...formProps} className="flex items-center gap-2">
      <input type="hidden" name={field.name} value={field.value} />
      <button type="submit" disabled={pending} aria-label={label} className={tone === 'danger' ? buttonClass.danger : buttonClass.secondary}>
        {pending ? `${children}…` : children}
      </button>
      <span role="status" className={`text-xs ${state.error ? 'text-red-700' : 'text-green-800'}`}>
        {state.error ?? (state.ok ? state.message : '')}
      </span>
    </form>
  );
}
