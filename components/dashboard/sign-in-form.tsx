'use client';

import { useActionState, useId, useState } from 'react';
import type { ActionState } from '@/lib/dashboard/action';

/**
 * Email and password, posted to the sign-in server action (works without JavaScript too). Field
 * errors sit under their inputs; the generic failure message is announced in role=alert.
 */
export function SignInForm({
  action,
  next,
}: {
  action: (previous: ActionState, formData: FormData) => Promise<ActionState>;
  next?: string;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const id = useId();
  // Controlled, so the address survives React's form reset after each submission; without
  // JavaScript the server's re-render fills it in from the action's answer instead.
  const [typed, setTyped] = useState<string | null>(null);
  const returnedEmail = typeof state.data?.email === 'string' ? state.data.email : '';
  const fieldErrors = state.fieldErrors ?? {};
  const inputClass = (invalid: boolean) =>
    `mt-1 block w-full rounded-md border px-3 py-2 text-sm text-slate-900 shadow-sm focus:outline-none focus:ring-2 focus:ring-brand/40 ${
      invalid ? 'border-red-500 focus:border-red-600' : 'border-slate-300 focus:border-brand'
    }`;

  return (
    <form action={formAction} className="mt-5 space-y-4" noValidate>
      {state.error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      ) : null}
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <div>
        <label htmlFor={`${id}-email`} className="block text-sm font-medium text-slate-700">
          Email
        </label>
        <input
          id={`${id}-email`}
          name="email"
          type="email"
          autoComplete="username"
          required
          value={typed ?? returnedEmail}
          onChange={(event) => { setTyped(event.target.value); }}
          aria-invalid={fieldErrors.email ? true : undefined}
          aria-describedby={fieldErrors.email ? `${id}-email-error` : undefined}
          className={inputClass(Boolean(fieldErrors.email))}
        />
        {fieldErrors.email ? (
          <p id={`${id}-email-error`} className="mt-1 text-xs text-red-700">
            {fieldErrors.email}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor={`${id}-password`} className="block text-sm font-medium text-slate-700">
          Password
        </label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={fieldErrors.password ? true : undefined}
          aria-describedby={fieldErrors.password ? `${id}-password-error` : undefined}
          className={inputClass(Boolean(fieldErrors.password))}
        />
        {fieldErrors.password ? (
          <p id={`${id}-password-error`} className="mt-1 text-xs text-red-700">
            {fieldErrors.password}
          </p>
        ) : null}
      </div>
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-brand px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-dark focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand disabled:opacity-60"
      >
        Sign in
      </button>
    </form>
  );
}
