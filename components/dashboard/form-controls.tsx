'use client';

import {
  startTransition,
  useActionState,
  useEffect,
  useId,
  useRef,
  type SubmitEvent,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import type { ActionState } from '@/lib/dashboard/action';

export type DashboardAction = (previous: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * useActionState for dashboard forms. With JavaScript the form is submitted from onSubmit inside a
 * transition, so React does not reset it afterwards and a merchant fixing one field keeps the
 * others; without JavaScript `action` posts the form as usual.
 */
export function useDashboardForm(action: DashboardAction) {
  const [state, formAction, pending] = useActionState(action, {});
  const form = useRef<HTMLFormElement>(null);
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget, event.nativeEvent.submitter);
    startTransition(() => { formAction(formData); });
  };
  // After a refused submission, focus moves to the first field in error (its message is its description).
  useEffect(() => {
    if (state.fieldErrors && Object.keys(state.fieldErrors).length > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state]);
  return { state, pending, formProps: { ref: form, action: formAction, onSubmit, noValidate: true } };
}

const controlClass = (invalid: boolean) =>
  `block w-full rounded-md border bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-sm focus:outline-none focus:ring-2 focus:ring-brand/40 disabled:bg-slate-50 ${
    invalid ? 'border-red-500 focus:border-red-600' : 'border-slate-300 focus:border-brand'
  }`;

function FieldShell({ id, label, hint, error, children, className = '' }: { id: string; label: ReactNode; hint?: ReactNode; error?: string; children: ReactNode; className?: string }) {
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !error ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

const describedBy = (id: string, hint: unknown, error: unknown) => (error ? `${id}-error` : hint ? `${id}-hint` : undefined);

export function TextField({
  label,
  hint,
  error,
  className,
  ...input
}: { label: ReactNode; hint?: ReactNode; error?: string; className?: string; name: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} className={className}>
      <input
        id={id}
        type="text"
        {...input}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={controlClass(Boolean(error))}
      />
    </FieldShell>
  );
}

export function TextAreaField({
  label,
  hint,
  error,
  className,
  ...textarea
}: { label: ReactNode; hint?: ReactNode; error?: string; className?: string; name: string } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} className={className}>
      <textarea
        id={id}
        rows={2}
        {...textarea}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={controlClass(Boolean(error))}
      />
    </FieldShell>
  );
}

/** A checkbox with its label beside it. */
export function CheckboxField({ label, hint, name, defaultChecked }: { label: ReactNode; hint?: ReactNode; name: string; defaultChecked?: boolean }) {
  const id = useId();
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        name={name}
        type="checkbox"
        defaultChecked={defaultChecked}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-0.5 size-4 rounded border-slate-300 text-brand accent-brand focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand"
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-700">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-slate-600">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}

export function SelectField({
  label,
  hint,
  error,
  className,
  options,
  ...select
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  className?: string;
  name: string;
  options: { value: string; label: string }[];
} & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} className={className}>
      <select id={id} {...select} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} className={controlClass(Boolean(error))}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** The form's outcome: an error in role=alert; a success in a polite live region that is always there. */
/** A payment form that no longer applies (captured, cancelled, fully refunded): the last answer and why. */
export function ClosedForm({ state, note }: { state: ActionState; note: string }) {
  return (
    <div className="space-y-3">
      <FormMessage state={state} />
      <p className="text-sm text-slate-700">{note}</p>
    </div>
  );
}

export function FormMessage({ state }: { state: ActionState }) {
  return (
    <>
      {state.error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      ) : null}
      <div role="status">
        {state.ok && state.message ? (
          <p className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">{state.message}</p>
        ) : null}
      </div>
    </>
  );
}
