import { NextResponse, type NextRequest } from 'next/server';
import { isLocale, LANGUAGE_COOKIE } from '@/lib/checkout/i18n';
import { config as kasa } from '@/lib/config';
import { checkActionRequest } from '@/lib/http/action-guard';
import { errorResponse } from '@/lib/http/respond';

/**
 * Security headers of every page Next.js renders (the hosted checkout, the dashboard, `/`, not-found
 * and error pages), with a fresh CSP nonce per request. Next.js reads the nonce from the request's
 * Content-Security-Policy header and puts it on its own scripts, so these pages render dynamically.
 * Left out (see `config.matcher`): the 3-D Secure return handler, framed by the checkout; the sandbox
 * issuer, the bank 3-D gate pages (posted to from the merchant's page and the bank's) and /api, which
 * set their own headers; and Next's hashed static assets.
 */
export async function proxy(request: NextRequest) {
  if (request.method === 'POST') {
    const refusal = await checkActionRequest(request);
    if (refusal) return errorResponse(refusal);
  }
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${kasa.isDevelopment ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    // The checkout shows 3-D Secure in an iframe: the sandbox issuer is Kasa itself, but a merchant's
    // bank runs its own 3-D gate, on the bank's origin, which only the database knows.
    request.nextUrl.pathname.startsWith('/checkout-link/') ? `frame-src 'self' https:${kasa.mode === 'live' ? '' : ' http:'}` : "frame-src 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    ...(kasa.mode === 'live' ? ['upgrade-insecure-requests'] : []),
  ].join('; ');

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });

  response.headers.set('Content-Security-Policy', policy);
  response.headers.set('Referrer-Policy', 'no-referrer');
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('X-Frame-Options', 'DENY');
  if (kasa.mode === 'live') response.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');

  const lang = request.nextUrl.searchParams.get('lang');
  if (request.nextUrl.pathname.startsWith('/checkout-link/') && isLocale(lang)) {
    response.cookies.set(LANGUAGE_COOKIE, lang, {
      path: '/checkout-link',
      maxAge: 60 * 60 * 24 * 365,
      httpOnly: true,
      sameSite: 'lax',
      secure: kasa.mode === 'live',
    });
  }
  return response;
}

export const config = {
  // Every path but /api, the sandbox issuer, the bank 3-D gate pages, the checkout's 3ds-return and Next's static assets.
  matcher: ['/((?!api/|api$|sandbox/|bank/|_next/static/|_next/image|checkout-link/[^/]+/3ds-return).*)'],
};
