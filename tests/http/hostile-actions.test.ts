// Hostile server-action requests to the dashboard (issue 16, item 3): each one used to reach Next.js's
// bare 500; each must answer a 4xx with the error body, and change nothing.
import { describe, expect, test } from 'vitest';
import { forEachBackend } from '../support/context';
import { getPage, sessionCookie, signIn, submitPageForm, submitSignIn, type DashboardResponse } from '../support/dashboard';
import { forms } from '../support/html';

/** A refusal of the action request itself: a 4xx with the contract's error body. */
function expectRefusal(response: DashboardResponse, status: number, field: string) {
  expect(response.status, response.text.slice(0, 300)).toBe(status);
  const body = JSON.parse(response.text) as { resultCode: string; errors: { field: string }[] };
  expect(body.errors.map((error) => error.field)).toContain(field);
  expect(response.text).not.toMatch(/RangeError|not iterable|at .*\.js/);
}

forEachBackend((backend) => {
  const merchantA = backend.merchants.a;

  /** The sign-in action's id, from the `$ACTION_1:0` field its no-script form renders. */
  async function signInActionId(): Promise<string> {
    const page = await getPage(backend, '/dashboard/sign-in');
    const form = forms(page.text).find((candidate) => Object.keys(candidate.hidden).some((name) => name.startsWith('$ACTION_')));
    const reference = Object.entries(form?.hidden ?? {}).find(([name]) => /^\$ACTION_\d+:0$/.test(name))?.[1];
    return (JSON.parse(reference!) as { id: string }).id;
  }

  async function callSignIn(body: string): Promise<DashboardResponse> {
    const response = await fetch(`${backend.baseUrl}/dashboard/sign-in`, {
      method: 'POST',
      headers: { 'next-action': await signInActionId(), origin: backend.baseUrl, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component' },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(25_000),
    });
    return { status: response.status, text: await response.text(), headers: response.headers, location: null, setCookies: response.headers.getSetCookie() };
  }

  describe('hostile dashboard action requests', () => {
    test('a no-script sign-in posted from a foreign or null Origin answers 403 FORBIDDEN and opens no session', async () => {
      for (const origin of ['https://evil.example', 'null']) {
        const response = await submitSignIn(backend, merchantA, { origin });
        expectRefusal(response, 403, 'Origin');
        expect(JSON.parse(response.text)).toMatchObject({ resultCode: 'FORBIDDEN' });
        expect(sessionCookie(response)).toBeUndefined();
      }
    });

    test('a no-script sign-out posted from a foreign Origin answers 403 and leaves the session alone', async () => {
      const session = await signIn(backend, merchantA);
      const response = await submitPageForm(backend, {
        path: '/dashboard/payments',
        session,
        pick: (all) => all.find((form) => form.buttons.some((button) => button.content.trim() === 'Sign out')),
        fields: {},
        origin: 'https://evil.example',
      });
      expectRefusal(response, 403, 'Origin');
      const page = await getPage(backend, '/dashboard', session);
      expect(new URL(page.location!, 'http://x').pathname).toBe('/dashboard/payments');
    });

    test('an action body nested 4,000 deep answers 400 MALFORMED_JSON', async () => {
      const response = await callSignIn('['.repeat(4000) + '0' + ']'.repeat(4000));
      expectRefusal(response, 400, 'body');
      expect(JSON.parse(response.text)).toMatchObject({ resultCode: 'MALFORMED_JSON' });
    });

    test('an argument list of 1,001 answers 400 MALFORMED_JSON', async () => {
      const response = await callSignIn(JSON.stringify(Array.from({ length: 1001 }, () => 'x')));
      expectRefusal(response, 400, 'body');
    });

    test('the sign-in action called with [{},{}] (no FormData) answers 400', async () => {
      const response = await callSignIn('[{},{}]');
      expectRefusal(response, 400, 'body');
      expect(JSON.parse(response.text)).toMatchObject({ resultCode: 'VALIDATION_ERROR', errors: [{ code: 'FORM_DATA_REQUIRED' }] });
    });
  });
});
