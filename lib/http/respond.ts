import { AppError } from '../errors';
import type { ErrorBody } from '../schemas/error';

/**
 * Headers of every merchant API answer. Answers echo merchant-written text (order ids, names), so a
 * browser must never sniff one into HTML nor load anything it names, nor frame it.
 */
export const API_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
} as const;

export function jsonResponse(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: API_HEADERS });
}

/** The contract's error body (reference §3) with the code's status. */
export function errorResponse(error: AppError, extra: Partial<ErrorBody> = {}): Response {
  const body: ErrorBody = { resultCode: error.code, resultMessage: error.message, errors: error.fieldErrors, ...extra };
  const response = jsonResponse(body, error.status);
  for (const [name, value] of Object.entries(error.headers)) response.headers.set(name, value);
  return response;
}
