/**
 * The dashboard as a browser without JavaScript drives it: GET a page with the session cookie, and
 * submit a form the page rendered (server actions render as multipart POST forms whose hidden
 * `$ACTION_…` fields name the action) to the page's own URL, following no redirect.
 */
import { expect } from 'vitest';
import type { Backend } from './context';
import { forms, type Form } from './html';

export const SESSION_COOKIE = 'kasa_session';

export interface DashboardResponse {
  status: number;
  text: string;
  headers: Headers;
  /** Location of a redirect, else null. */
  location: string | null;
  /** Set-Cookie headers, one per cookie. */
  setCookies: string[];
}

async function toResponse(response: Response): Promise<DashboardResponse> {
  return {
    status: response.status,
    text: await response.text(),
    headers: response.headers,
    location: response.headers.get('location'),
    setCookies: response.headers.getSetCookie(),
  };
}

/** GET a dashboard page, with `session` (the cookie's value) when given. */
export async function getPage(backend: Backend, path: string, session?: string): Promise<DashboardResponse> {
  const headers: Record<string, string> = session ? { cookie: `${SESSION_COOKIE}=${session}` } : {};
  return toResponse(await fetch(`${backend.baseUrl}${path}`, { headers, redirect: 'manual', signal: AbortSignal.timeout(25_000) }));
}

export interface SubmitOptions {
  /** The page that renders the form (and receives its POST). */
  path: string;
  session?: string;
  /** Which of the page's forms; the first server-action form by default. */
  pick?: (forms: Form[]) => Form | undefined;
  /** Values for the visible fields (hidden ones are sent as rendered). */
  fields: Record<string, string>;
  /** The Origin header: the server's own by default; null sends none. */
  origin?: string | null;
  /** Sent as X-Forwarded-For with the POST, to act as a distinct client (the server trusts 127.0.0.1). */
  clientIp?: string;
}

const isActionForm = (form: Form) => form.inputs.some((input) => input.attributes.name?.startsWith('$ACTION'));

/** Renders `path`, fills its form and submits it as the browser would (multipart/form-data POST). */
export async function submitPageForm(backend: Backend, options: SubmitOptions): Promise<DashboardResponse> {
  const page = await getPage(backend, options.path, options.session);
  expect(page.status, `GET ${options.path}: ${page.text.slice(0, 300)}`).toBe(200);
  const form = (options.pick ?? ((all) => all.find(isActionForm)))(forms(page.text));
  if (!form) throw new Error(`no server-action form on ${options.path}`);
  const body = new FormData();
  for (const input of form.inputs) {
    const name = input.attributes.name;
    if (!name || name in options.fields) continue;
    if (input.attributes.type === 'hidden') body.append(name, input.attributes.value ?? '');
  }
  for (const [name, value] of Object.entries(options.fields)) body.append(name, value);
  const headers: Record<string, string> = {};
  const origin = options.origin === undefined ? backend.baseUrl : options.origin;
  if (origin !== null) headers.origin = origin;
  if (options.session) headers.cookie = `${SESSION_COOKIE}=${options.session}`;
  if (options.clientIp) headers['x-forwarded-for'] = options.clientIp;
  const target = new URL(form.action || options.path, `${backend.baseUrl}${options.path}`);
  return toResponse(await fetch(target, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(25_000) }));
}

/** Submits the sign-in form. */
export function submitSignIn(
  backend: Backend,
  credentials: { email: string; password: string },
  options: { origin?: string | null; next?: string; clientIp?: string } = {},
): Promise<DashboardResponse> {
  const path = options.next ? `/dashboard/sign-in?next=${encodeURIComponent(options.next)}` : '/dashboard/sign-in';
  return submitPageForm(backend, { path, fields: { email: credentials.email, password: credentials.password }, origin: options.origin, clientIp: options.clientIp });
}

/** The session cookie a response sets: its value and attributes, or undefined. */
export function sessionCookie(response: DashboardResponse): { value: string; attributes: string[] } | undefined {
  const header = response.setCookies.find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
  if (!header) return undefined;
  const [pair, ...attributes] = header.split(';').map((part) => part.trim());
  return { value: pair.slice(SESSION_COOKIE.length + 1), attributes };
}

/** Signs in and returns the session cookie's value; fails the test otherwise. */
export async function signIn(backend: Backend, credentials: { email: string; password: string }): Promise<string> {
  const response = await submitSignIn(backend, credentials);
  expect(response.status, `sign-in answered ${response.status}: ${response.text.slice(0, 300)}`).toBe(303);
  const cookie = sessionCookie(response);
  expect(cookie, 'sign-in sets the session cookie').toBeDefined();
  return cookie!.value;
}

/** The text of the page's role=alert element, if any. */
export function alertText(html: string): string | undefined {
  const match = /<[a-z]+\b[^>]*\brole="alert"[^>]*>([\s\S]*?)<\/[a-z]+>/i.exec(html);
  return match ? match[1].replace(/<[^>]*>/g, '').trim() : undefined;
}
