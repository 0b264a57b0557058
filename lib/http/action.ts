import { headers } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { AppError, type FieldError } from '../errors';
import { describeError, logger } from '../log';
import { safeParseRequest, toFieldErrors } from '../schemas/common';
import { clientAddressOf, isSameOriginRequest } from './request';

/** Who called: the address scripts/server.mjs resolved, and the port the client connected from. */
export interface ActionClient {
  ip: string;
  port: number;
}

/** What a server action's body answers before the page shapes it: its value, or the error model's parts. */
export type ActionResult<T> =
  | { ok: true; value: T }
  /** `invalidInput`: the schema refused the input, before anything ran. */
  | { ok: false; code: string; message: string; fieldErrors: FieldError[]; invalidInput?: true };

export const FOREIGN_ORIGIN_MESSAGE = 'This form was sent from another site and was refused.';
export const INVALID_FORM_MESSAGE = 'Check the highlighted fields.';
const INTERNAL_ERROR_MESSAGE = 'Something went wrong. Please try again.';

/**
 * The one way a server action runs (the checkout's and the dashboard's alike): a foreign Origin is
 * refused, the input is validated with the resource's zod schema, `run` gets the parsed input and the
 * client, and what it throws becomes the error model: an AppError its code, message and
 * field errors; anything else INTERNAL_ERROR, logged without data. redirect() and notFound() pass
 * through to Next.js. One log line per call names the action, never its input.
 */
export async function runAction<S extends z.ZodType, T>(options: {
  name: string;
  /** Ids that say what the action was about (never its input), for its log lines. */
  about?: Record<string, string>;
  schema: S;
  input: unknown;
  run: (input: z.output<S>, client: ActionClient) => Promise<T>;
}): Promise<ActionResult<T>> {
  const startedAt = performance.now();
  const incoming = await headers();
  const port = Number(incoming.get('x-kasa-client-port'));
  const client: ActionClient = { ip: clientAddressOf(incoming), port: Number.isInteger(port) && port >= 1 && port <= 65535 ? port : 443 };
  const clientIp = client.ip;
  const log = (code: string) => {
    logger.info({ action: options.name, ...options.about, code, durationMs: Math.round(performance.now() - startedAt), clientIp }, 'action');
  };
  if (!isSameOriginRequest(incoming)) {
    logger.warn({ action: options.name, ...options.about, origin: incoming.get('origin') }, 'action from a foreign origin refused');
    return { ok: false, code: 'FORBIDDEN', message: FOREIGN_ORIGIN_MESSAGE, fieldErrors: [] };
  }
  const parsed = safeParseRequest(options.schema, options.input);
  if (!parsed.success) {
    log('VALIDATION_ERROR');
    return { ok: false, code: 'VALIDATION_ERROR', message: INVALID_FORM_MESSAGE, fieldErrors: formFieldErrors(parsed.error, options.input), invalidInput: true };
  }
  try {
    const value = await options.run(parsed.data, client);
    log('OK');
    return { ok: true, value };
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof AppError) {
      log(error.code);
      return { ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors };
    }
    logger.error({ action: options.name, ...options.about, err: describeError(error) }, 'action failed');
    return { ok: false, code: 'INTERNAL_ERROR', message: INTERNAL_ERROR_MESSAGE, fieldErrors: [] };
  }
}

/**
 * Zod issues → field errors for a form a person reads: the API's codes, but zod's generic wording for
 * a field left empty ("Invalid input: expected string, received undefined") reads "This field is required".
 */
export function formFieldErrors(error: z.ZodError, input: unknown): FieldError[] {
  return toFieldErrors(error, input).map((fieldError, index) => {
    if (fieldError.code !== 'REQUIRED') return fieldError;
    const own = error.issues[index].message;
    return { ...fieldError, message: own.startsWith('Invalid input') ? 'This field is required' : own };
  });
}

/** Field errors → one message per field for the form, the first for each. */
export function fieldErrorMap(errors: FieldError[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const error of errors) map[error.field] ??= error.message;
  return map;
}
