import { AppError } from '../errors';
import type { ErrorBody } from '../schemas/error';
import { newNonce } from '../html';

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

/**
 * An HTML document served by a route handler, with a strict per-response CSP: scripts and styles
 * only with this response's nonce, forms only to `formTargets`, no plugins, no <base>.
 */
export function htmlResponse(
  render: (nonce: string) => string,
  options: { formTargets?: string[]; frameAncestors?: string; status?: number } = {},
): Response {
  const nonce = newNonce();
  const origins = [...new Set((options.formTargets ?? []).map((url) => new URL(url).origin))];
  const policy = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "img-src 'self' data:",
    `form-action 'self' ${origins.join(' ')}`.trim(),
    `frame-ancestors ${options.frameAncestors ?? "'none'"}`,
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
  return new Response(render(nonce), {
    status: options.status ?? 200,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': policy,
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}
