import { newNonce } from '../html';

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
