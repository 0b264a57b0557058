// The sandbox issuer's 3-D Secure page (§5, §8, §9), driven over HTTP as a browser without script would.
import { describe, expect, test } from 'vitest';
import { cards } from '../support/cards';
import { forEachBackend } from '../support/context';
import { elements, onlyForm, textOf } from '../support/html';
import {
  VERIFICATION_CODE,
  WRONG_CODES,
  answerChallenge,
  enroll,
  expectChallengePage,
  expectIssuerPageHeaders,
  expectReturnPage,
  openIssuerPage,
  postForm,
  type PageResponse,
} from '../support/three-ds';

/** The issuer's "no longer open" page. */
function expectClosedPage(page: PageResponse) {
  expect(page.status, page.text.slice(0, 300)).toBe(410);
  expectIssuerPageHeaders(page);
  expect(page.text).not.toMatch(/name="code"/);
  expect(page.text).not.toMatch(/name="securityKey"/);
}

/** The alert a wrong code shows, e.g. "That code is not right. 2 attempts left." */
function alertOf(page: PageResponse): string {
  const alerts = elements(page.text, 'p').filter((p) => p.attributes.role === 'alert');
  expect(alerts, 'one role="alert" message').toHaveLength(1);
  return textOf(alerts[0].content);
}

forEachBackend((backend) => {
  const challengeUrl = `${backend.baseUrl}/sandbox/acs/challenge`;

  describe.concurrent('the issuer page', () => {
    test('POST /sandbox/acs with the reference answers the challenge: Verification code, Submit and Cancel', async () => {
      const enrollment = await enroll(backend, { amount: 1000, installmentCount: 3, interestPaidByCustomer: true });
      const page = await openIssuerPage(enrollment);
      const { challengeUrl: action } = expectChallengePage(page, enrollment.reference);
      expect(action).toBe(challengeUrl);
      const code = onlyForm(page.text).inputs.find((input) => input.attributes.name === 'code')!;
      expect(code.attributes.type).toBe('text');
      expect(code.attributes.inputmode).toBe('numeric');
      // What the shopper approves: the charged total and the masked card, never the card number.
      const text = textOf(page.text);
      expect(text).toContain('1,035.00');
      expect(text).toContain('542119******0656');
      expect(page.text).not.toContain(enrollment.request.pan);
      expect(page.text).not.toContain(enrollment.paymentId);
      expect(page.headers.get('cache-control')).toMatch(/no-store/);
    });

    test('the page may be opened again (a reload) while the challenge is open', async () => {
      const enrollment = await enroll(backend);
      expectChallengePage(await openIssuerPage(enrollment), enrollment.reference);
      expectChallengePage(await openIssuerPage(enrollment), enrollment.reference);
    });

    test('each response has its own CSP nonce', async () => {
      const enrollment = await enroll(backend);
      const first = expectIssuerPageHeaders(await openIssuerPage(enrollment));
      const second = expectIssuerPageHeaders(await openIssuerPage(enrollment));
      expect(first).not.toBe(second);
    });

    test('the issuer page may be framed by Kasa and by the merchant that started the payment, no one else', async () => {
      const enrollment = await enroll(backend);
      const page = await openIssuerPage(enrollment);
      const policy = page.headers.get('content-security-policy') ?? '';
      const frameAncestors = /frame-ancestors ([^;]+)/.exec(policy)?.[1]?.trim().split(/\s+/);
      expect(frameAncestors).toEqual([
        "'self'",
        new URL(enrollment.request.successUrl).origin,
        new URL(enrollment.request.failureUrl).origin,
      ]);
    });

    test('an unknown reference answers 410 with the closed page', async () => {
      expectClosedPage(await postForm(`${backend.baseUrl}/sandbox/acs`, { reference: 'not-a-reference-of-this-issuer-000000' }));
    });

    test('no reference at all answers the closed page, not the challenge', async () => {
      const page = await postForm(`${backend.baseUrl}/sandbox/acs`, {});
      expect(page.status).toBeGreaterThanOrEqual(400);
      expect(page.text).not.toMatch(/name="code"/);
    });
  });

  describe.concurrent('answering the challenge', () => {
    test(`${VERIFICATION_CODE} auto-posts paymentId and securityKey to successUrl`, async () => {
      const enrollment = await enroll(backend);
      const page = await answerChallenge(challengeUrl, enrollment.reference, { code: VERIFICATION_CODE });
      const { securityKey } = expectReturnPage(page, enrollment.request.successUrl, enrollment.paymentId);
      expect(page.text).not.toContain(enrollment.reference);
      // The return page may post to the merchant's origin only, not to the failure URL's.
      expect(page.headers.get('content-security-policy')).not.toContain(new URL(enrollment.request.failureUrl).origin);
      expect(securityKey).not.toBe(enrollment.reference);
    });

    test('a wrong code shows the page again with an alert and the attempts left, then the right code still authenticates', async () => {
      const enrollment = await enroll(backend);
      const retry = await answerChallenge(challengeUrl, enrollment.reference, { code: WRONG_CODES[0] });
      expectChallengePage(retry, enrollment.reference);
      expect(alertOf(retry)).toMatch(/2 attempts left/);
      const code = onlyForm(retry.text).inputs.find((input) => input.attributes.name === 'code')!;
      expect(code.attributes['aria-invalid']).toBe('true');
      const again = await answerChallenge(challengeUrl, enrollment.reference, { code: WRONG_CODES[1] });
      expectChallengePage(again, enrollment.reference);
      expect(alertOf(again)).toMatch(/\b1 attempt left/);
      const page = await answerChallenge(challengeUrl, enrollment.reference, { code: VERIFICATION_CODE });
      expectReturnPage(page, enrollment.request.successUrl, enrollment.paymentId);
    });

    test('the third wrong code auto-posts to failureUrl', async () => {
      const enrollment = await enroll(backend);
      for (const code of WRONG_CODES.slice(0, 2)) expectChallengePage(await answerChallenge(challengeUrl, enrollment.reference, { code }), enrollment.reference);
      const page = await answerChallenge(challengeUrl, enrollment.reference, { code: WRONG_CODES[2] });
      expectReturnPage(page, enrollment.request.failureUrl, enrollment.paymentId);
      expect(page.headers.get('content-security-policy')).not.toContain(new URL(enrollment.request.successUrl).origin);
    });

    test('an empty code is a wrong code', async () => {
      const enrollment = await enroll(backend);
      const retry = await answerChallenge(challengeUrl, enrollment.reference, { code: '' });
      expectChallengePage(retry, enrollment.reference);
      expect(alertOf(retry)).toMatch(/2 attempts left/);
    });

    test('Cancel auto-posts to failureUrl', async () => {
      const enrollment = await enroll(backend);
      expectReturnPage(await answerChallenge(challengeUrl, enrollment.reference, { action: 'cancel' }), enrollment.request.failureUrl, enrollment.paymentId);
    });

    test('Cancel fails even with the right code in the field', async () => {
      const enrollment = await enroll(backend);
      const page = await answerChallenge(challengeUrl, enrollment.reference, { action: 'cancel', code: VERIFICATION_CODE });
      expectReturnPage(page, enrollment.request.failureUrl, enrollment.paymentId);
    });

    test.each([
      ['authenticated', { code: VERIFICATION_CODE }],
      ['cancelled', { action: 'cancel' as const }],
    ])('once %s, the same reference answers 410 on the page and on the challenge', async (_, answer) => {
      const enrollment = await enroll(backend);
      expect((await answerChallenge(challengeUrl, enrollment.reference, answer)).status).toBe(200);
      expectClosedPage(await openIssuerPage(enrollment));
      expectClosedPage(await answerChallenge(challengeUrl, enrollment.reference, { code: VERIFICATION_CODE }));
      expectClosedPage(await answerChallenge(challengeUrl, enrollment.reference, { action: 'cancel' }));
    });

    test('after three wrong codes the reference is closed: the right code no longer helps', async () => {
      const enrollment = await enroll(backend);
      for (const code of WRONG_CODES) expect((await answerChallenge(challengeUrl, enrollment.reference, { code })).status).toBe(200);
      expectClosedPage(await answerChallenge(challengeUrl, enrollment.reference, { code: VERIFICATION_CODE }));
    });

    test('10 simultaneous submits of the right code: one return page with one key, the rest 410', async () => {
      const enrollment = await enroll(backend);
      const pages = await Promise.all(
        Array.from({ length: 10 }, () => answerChallenge(challengeUrl, enrollment.reference, { code: VERIFICATION_CODE })),
      );
      const statuses = pages.map((page) => page.status);
      expect(statuses.filter((status) => status === 200), statuses.join(',')).toHaveLength(1);
      expect(statuses.filter((status) => status === 410), statuses.join(',')).toHaveLength(9);
      expectReturnPage(pages.find((page) => page.status === 200)!, enrollment.request.successUrl, enrollment.paymentId);
    });

    test('a reference answers for its own payment only', async () => {
      const [first, second] = await Promise.all([enroll(backend), enroll(backend, {}, cards.visaInternational)]);
      const page = await answerChallenge(challengeUrl, second.reference, { code: VERIFICATION_CODE });
      expectReturnPage(page, second.request.successUrl, second.paymentId);
      expectChallengePage(await openIssuerPage(first), first.reference);
    });
  });
});
