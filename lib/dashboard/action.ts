import { headers } from 'next/headers';
import { notFound, unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { AppError } from '../errors';
import { isSameOriginRequest } from '../http/origin';
import { describeError, logger } from '../log';
import { requireMerchantSession, type DashboardIdentity } from './session';

/** What a dashboard form's server action answers; `useActionState(action, {})` starts from `{}`. */
export type ActionState = {
  ok?: boolean;
  message?: string;
  error?: string;
  fieldErrors?: Record<string, string>;
  data?: Record<string, unknown>;
};

export const FOREIGN_ORIGIN_MESSAGE = 'This form was sent from another site and was refused.';
const INVALID_FORM_MESSAGE = 'Check the highlighted fields.';
const INTERNAL_ERROR_MESSAGE = 'Something went wrong. Please try again.';

/** FormData → a plain object for zod: one value per name, '' as missing, Next's `$ACTION…` fields left out. */
export function formDataToObject(formData: FormData): Record<string, FormDataEntryValue | undefined> {
  const values: Record<string, FormDataEntryValue | undefined> = {};
  for (const [name, value] of formData) {
    if (name.startsWith('$ACTION')) continue;
    values[name] = value === '' ? undefined : value;
  }
  return values;
}

/** AppError field errors → one message per field, the first for each. */
function fieldErrorMap(errors: { field: string; message: string }[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const error of errors) map[error.field] ??= error.message;
  return map;
}

/**
 * Zod issues → one message per field for a form: the schema's own message, except zod's generic
 * wording for a field left empty ("Invalid input: expected string, received undefined").
 */
export function formFieldErrors(error: z.ZodError, values: Record<string, unknown>): Record<string, string> {
  const map: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || 'form';
    const empty = issue.path.length > 0 && values[String(issue.path[0])] === undefined;
    map[field] ??= empty && issue.message.startsWith('Invalid input') ? 'This field is required' : issue.message;
  }
  return map;
}

async function isForeignOrigin(): Promise<boolean> {
  const incoming = await headers();
  if (isSameOriginRequest(incoming)) return false;
  logger.warn({ origin: incoming.get('origin') }, 'dashboard action from a foreign origin refused');
  return true;
}

/**
 * A server action for `useActionState(action, {})` forms that need no session (sign-in): refuses a
 * foreign Origin, parses the FormData with `schema` and runs `fn`. AppError → `{ error, fieldErrors }`
 * (NOT_FOUND → notFound()); redirect() and notFound() thrown by `fn` pass through to Next.js.
 */
export function validatedAction<S extends z.ZodType>(
  schema: S,
  fn: (input: z.output<S>) => Promise<ActionState | void>,
): (previous: ActionState, formData: FormData) => Promise<ActionState> {
  return async (_previous, formData) => {
    if (await isForeignOrigin()) return { error: FOREIGN_ORIGIN_MESSAGE };
    return parseAndRun(schema, formData, fn);
  };
}

/**
 * A signed-in dashboard form's server action, for useActionState(action, {}). Checks the Origin header
 * against the request host (reject foreign origins), requires the session, parses FormData
 * (Object.fromEntries, '' → undefined) with `schema`, runs fn; AppError → { error, fieldErrors };
 * AppError NOT_FOUND → notFound() (a 404, so a crafted POST for another merchant's object answers 404).
 *
 * Without a session it redirects to the sign-in page before looking at the form. `fn` must still
 * scope every query to `identity.merchant.id`: ids in the form are whatever the poster wrote.
 */
export function dashboardAction<S extends z.ZodType>(
  schema: S,
  fn: (input: z.output<S>, identity: DashboardIdentity) => Promise<ActionState | void>,
): (previous: ActionState, formData: FormData) => Promise<ActionState> {
  return async (_previous, formData) => {
    if (await isForeignOrigin()) return { error: FOREIGN_ORIGIN_MESSAGE };
    const identity = await requireMerchantSession();
    return parseAndRun(schema, formData, (input) => fn(input, identity));
  };
}

async function parseAndRun<S extends z.ZodType>(
  schema: S,
  formData: FormData,
  fn: (input: z.output<S>) => Promise<ActionState | void>,
): Promise<ActionState> {
  // A crafted call can pass anything; proxy.ts refuses it first, this keeps the action safe without it.
  if (!(formData instanceof FormData)) return { error: INVALID_FORM_MESSAGE };
  const values = formDataToObject(formData);
  const parsed = schema.safeParse(values);
  if (!parsed.success) return { error: INVALID_FORM_MESSAGE, fieldErrors: formFieldErrors(parsed.error, values) };
  try {
    return (await fn(parsed.data)) ?? { ok: true };
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof AppError) {
      if (error.code === 'NOT_FOUND') notFound();
      return {
        error: error.code === 'VALIDATION_ERROR' && error.fieldErrors.length ? INVALID_FORM_MESSAGE : error.message,
        ...(error.fieldErrors.length ? { fieldErrors: fieldErrorMap(error.fieldErrors) } : {}),
      };
    }
    logger.error({ err: describeError(error) }, 'dashboard action failed');
    return { error: INTERNAL_ERROR_MESSAGE };
  }
}
