import { AppError } from '../errors';
import type { ErrorBody } from '../schemas/error';

export function jsonResponse(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** The contract's error body (reference §3) with the code's status. */
export function errorResponse(error: AppError, extra: Partial<ErrorBody> = {}): Response {
  const body: ErrorBody = { resultCode: error.code, resultMessage: error.message, errors: error.fieldErrors, ...extra };
  const response = jsonResponse(body, error.status);
  for (const [name, value] of Object.entries(error.headers)) response.headers.set(name, value);
  return response;
}
