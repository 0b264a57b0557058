'use client';

import { useEffect, useRef, useState, type ReactNode, type SubmitEvent } from 'react';
import { useDashboardForm, type DashboardAction } from './form-controls';
import { buttonClass } from './primitives';

/**
 * useDashboardForm with a confirmation step: nothing is sent until the merchant confirms. `ask()`
 * (the first button, after any check of its own) opens the step; a submit before that (Enter in a
 * field) opens it too instead of sending. Without JavaScript the form cannot be sent at all, so a
 * money-moving form never goes out unconfirmed.
 */
export function useConfirmedForm(action: DashboardAction) {
  const form = useDashboardForm(action);
  const [confirming, setConfirming] = useState(false);
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    if (!confirming) {
      event.preventDefault();
      setConfirming(true);
      return;
    }
    setConfirming(false);
    form.formProps.onSubmit(event);
  };
  return {
    ...form,
    confirming,
    ask: () => { setConfirming(true); },
    back: () => { setConfirming(false); },
    formProps: { ...form.formProps, onSubmit },
  };
}

/** The question and its two answers; focus moves to the question so a screen reader reads it first. */
export function ConfirmStep({
  label,
  confirmLabel,
  backLabel = 'Back',
  onBack,
  children,
}: {
  /** Names the group, e.g. "Confirm refund". */
  label: string;
  confirmLabel: string;
  backLabel?: string;
  onBack: () => void;
  children: ReactNode;
}) {
  const question = useRef<HTMLDivElement>(null);
  useEffect(() => question.current?.focus(), []);
  return (
    <div role="group" aria-label={label} className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3">
      <div ref={question} tabIndex={-1} className="space-y-1 text-sm text-slate-900 focus:outline-none">
        {children}
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={buttonClass.danger}>
          {confirmLabel}
        </button>
        <button type="button" onClick={onBack} className={buttonClass.secondary}>
          {backLabel}
        </button>
      </div>
    </div>
  );
}
