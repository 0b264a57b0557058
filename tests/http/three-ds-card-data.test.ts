// 3-D Secure card data at rest (PostgreSQL, read directly): the card is held sealed in card_vault
// between enrollment and authorization only, and references and keys are never stored in clear.
// (The expiry cases, which also check card_vault, are in three-ds-complete.test.ts.)
import { describe, expect, test } from 'vitest';
import { cards } from '../support/cards';
import { forEachBackend } from '../support/context';
import { sql, threeDsSessionRow, vaultRow } from '../support/database';
import {
  VERIFICATION_CODE,
  WRONG_CODES,
  answerChallenge,
  authenticate,
  complete,
  enroll,
  expectThreeDsFailure,
  expectThreeDsSuccess,
  failAuthentication,
  threeDsRequest,
} from '../support/three-ds';
import { api } from '../support/api';

forEachBackend((backend) => {
  const challengeUrl = `${backend.baseUrl}/sandbox/acs/challenge`;

  describe.skipIf(!backend.databaseUrl)('card_vault', { concurrent: true }, () => {
    test('after enrollment the payment has a card_vault row, sealed: no card number, CVV or cardholder name in it', async () => {
      const { paymentId, request } = await enroll(backend, { cardHolderName: 'Vault Holder Name' }, cards.amex);
      const row = await vaultRow(backend, paymentId);
      expect(row, 'card_vault row of an ENROLLED payment').toBeDefined();
      expect(row!.sealed_card.length).toBeGreaterThan(0);
      for (const text of [row!.sealed_card, row!.row]) {
        expect(text).not.toContain(request.pan);
        expect(text).not.toContain(request.pan.slice(-10));
        expect(text).not.toMatch(new RegExp(`(?<!\\d)${request.cvv}(?!\\d)`));
        expect(text).not.toContain('Vault Holder Name');
        expect(text).not.toMatch(/cvv|"pan"/i);
      }
      expect(Buffer.from(row!.sealed_card, 'base64').toString('latin1')).not.toContain(request.pan);
      const [{ minutes }] = await sql<{ minutes: number | string }>(
        backend,
        'SELECT extract(epoch FROM expires_at - now()) / 60 AS minutes FROM card_vault WHERE payment_id = $1',
        [paymentId],
      );
      expect(Number(minutes), 'the vault row expires with the enrollment').toBeGreaterThan(13);
      expect(Number(minutes)).toBeLessThanOrEqual(15);
    });

    test('the same card enrolled twice is sealed differently', async () => {
      const [first, second] = await Promise.all([enroll(backend), enroll(backend)]);
      const [a, b] = await Promise.all([vaultRow(backend, first.paymentId), vaultRow(backend, second.paymentId)]);
      expect(a!.sealed_card).not.toBe(b!.sealed_card);
    });

    test('a card that is not enrolled leaves no card_vault row', async () => {
      const response = await api(backend).post('/api/3ds', threeDsRequest({}, cards.notEnrolled));
      expect(response.body?.resultCode, response.text).toBe('NOT_ENROLLED');
      expect(await vaultRow(backend, response.body.paymentId)).toBeUndefined();
    });

    test('the row stays while the shopper answers wrong codes, and goes after successful completion', async () => {
      const enrollment = await enroll(backend);
      expect((await answerChallenge(challengeUrl, enrollment.reference, { code: WRONG_CODES[0] })).status).toBe(200);
      expect(await vaultRow(backend, enrollment.paymentId), 'after one wrong code').toBeDefined();
      const { paymentId, securityKey, request } = await authenticate(backend);
      expect(await vaultRow(backend, paymentId), 'authenticated, not yet completed').toBeDefined();
      expectThreeDsSuccess(await complete(backend, paymentId, securityKey), request);
      expect(await vaultRow(backend, paymentId), 'after SUCCESS').toBeUndefined();
    });

    test('the row goes after a decline at completion', async () => {
      const { paymentId, securityKey, request } = await authenticate(backend, {}, cards.doNotHonor);
      expectThreeDsFailure(await complete(backend, paymentId, securityKey), request, cards.doNotHonor, 'DO_NOT_HONOR');
      expect(await vaultRow(backend, paymentId)).toBeUndefined();
    });

    test.each(['cancel', 'wrong-codes'] as const)('the row goes as soon as the challenge fails (%s), before any completion', async (how) => {
      const { paymentId, securityKey, request } = await failAuthentication(backend, how);
      expect(await vaultRow(backend, paymentId), 'after the failed challenge').toBeUndefined();
      expectThreeDsFailure(await complete(backend, paymentId, securityKey), request, cards.world, 'THREE_DS_AUTH_FAILED');
      expect(await vaultRow(backend, paymentId), 'after the failure-path completion').toBeUndefined();
    });

    test('the row goes after the 5th wrong key', async () => {
      const { paymentId } = await authenticate(backend);
      for (let attempt = 1; attempt <= 4; attempt++) {
        expect((await complete(backend, paymentId, `wrong-key-${attempt}-${'x'.repeat(30)}`)).status).toBe(400);
      }
      expect(await vaultRow(backend, paymentId), 'after 4 wrong keys').toBeDefined();
      expect((await complete(backend, paymentId, `wrong-key-5-${'x'.repeat(30)}`)).status).toBe(400);
      expect(await vaultRow(backend, paymentId), 'after 5 wrong keys').toBeUndefined();
    });
  });

  describe.skipIf(!backend.databaseUrl)('three_ds_sessions', { concurrent: true }, () => {
    test('neither the issuer reference nor the securityKey is stored in clear', async () => {
      const enrollment = await enroll(backend);
      expect(await threeDsSessionRow(backend, enrollment.paymentId)).not.toContain(enrollment.reference);
      const page = await answerChallenge(challengeUrl, enrollment.reference, { code: VERIFICATION_CODE });
      const securityKey = /name="securityKey" value="([^"]+)"/.exec(page.text)?.[1];
      expect(securityKey, page.text.slice(0, 300)).toBeDefined();
      const row = (await threeDsSessionRow(backend, enrollment.paymentId))!;
      expect(row).not.toContain(enrollment.reference);
      expect(row).not.toContain(securityKey!);
      const everything = await sql<{ row: string }>(backend, 'SELECT t::text AS row FROM three_ds_sessions t');
      expect(everything.some(({ row: text }) => text.includes(securityKey!) || text.includes(enrollment.reference))).toBe(false);
      expectThreeDsSuccess(await complete(backend, enrollment.paymentId, securityKey!), enrollment.request);
    });
  });
});
