import { notFound } from 'next/navigation';
import type { z } from 'zod';
import { fieldErrorMap, INVALID_FORM_MESSAGE, runAction, type ActionClient, type ActionResult } from '../http/action';
import { requireMerchantSession, type DashboardIdentity } from './session';

/** What a dashboard form's server action answers; `useActionState(action, {})` starts from `{}`. */
export type ActionState = {
  ok?: boolean;
  message?: string;
  error?: string;
  fieldErrors?: Record<string, string>;
  data?: Record<string, unknown>;
};

/** FormData → a plain object for zod: one value per name, '' as missing, Next's `$ACTION…` fields left out. */
export function formDataToObject(formData: FormData): Record<string, FormDataEntryValue | undefined> {
  const values: Record<string, FormDataEntryValue | undefined> = {};
  for (const [name, value] of formData) {
    if (name.startsWith('$ACTION')) continue;
    values[name] = value === '' ? undefined : value;
  }
  return values;
}

/**
 * A server action for `useActionState(action, {})` forms that need no session (sign-in), over the
 * shared runAction: the FormData is parsed with `schema` and `fn` runs; NOT_FOUND → notFound().
 */
export function validatedAction<S extends z.ZodType>(
  name: string,
  schema: S,
  fn: (input: z.output<S>, client: ActionClient) => Promise<ActionState | undefined>,
): (previous: ActionState, formData: FormData) => Promise<ActionState> {
  return async (_previous, formData) => toActionState(await runFormAction(name, schema, formData, fn));
}

/**
 * A signed-in dashboard form's server action: as validatedAction, after requiring the session (without
 * one it redirects to sign-in before looking at the form). `fn` must still scope every query to
 * `identity.merchant.id`: ids in the form are whatever the poster wrote, and another merchant's id
 * answers NOT_FOUND, which becomes a 404.
 */
export function dashboardAction<S extends z.ZodType>(
  name: string,
  schema: S,
  fn: (input: z.output<S>, identity: DashboardIdentity) => Promise<ActionState | undefined>,
): (previous: ActionState, formData: FormData) => Promise<ActionState> {
  return async (_previous, formData) => {
    const identity = await requireMerchantSession();
    return toActionState(await runFormAction(name, schema, formData, (input) => fn(input, identity)));
  };
}

const INVALID_FORM: ActionResult<never> = { ok: false, code: 'VALIDATION_ERROR', message: INVALID_FORM_MESSAGE, fieldErrors: [], invalidInput: true };

function runFormAction<S extends z.ZodType>(
  name: string,
  schema: S,
  formData: FormData,
  fn: (input: z.output<S>, client: ActionClient) => Promise<ActionState | undefined>,
): Promise<ActionResult<ActionState | undefined>> {
  // A crafted call can pass anything; proxy.ts refuses it first, this keeps the action safe without it.
  if (!(formData instanceof FormData)) return Promise.resolve(INVALID_FORM);
  return runAction({ name, schema, input: formDataToObject(formData), run: fn });
}

function toActionState(result: ActionResult<ActionState | undefined>): ActionState {
  if (result.ok) return result.value ?? { ok: true };
  if (result.code === 'NOT_FOUND') notFound();
  if (!result.fieldErrors.length) return { error: result.message };
  // A form with highlighted fields says so once, above them; each field carries its own message.
  return { error: result.code === 'VALIDATION_ERROR' ? INVALID_FORM_MESSAGE : result.message, fieldErrors: fieldErrorMap(result.fieldErrors) };
}
