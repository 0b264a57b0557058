// §10 the per-merchant authorization window: `merchant:create --authorization-days N` (1–30, default
// 7) sets how long an approved pre-authorization holds (payments.authorization_expires_at); a capture
// past that deadline answers 409 INVALID_STATE even before the expiry job has marked it EXPIRED. The
// job itself (release, EXPIRED, restarts, several instances) is tests/resilience/authorization-expiry.test.ts's.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { api } from '../support/api';
import { expectError } from '../support/assertions';
import { cards } from '../support/cards';
import { backends, forEachBackend, type MerchantCredentials } from '../support/context';
import { createMerchantInDatabase, sql } from '../support/database';
import { repoRoot, run } from '../support/processes';
import { paymentRequest } from '../support/requests';

const DAY_SECONDS = 24 * 60 * 60;

/** Seconds from a payment's creation to its authorization deadline (null: none). */
async function windowSeconds(backend: Parameters<typeof sql>[0], paymentId: string): Promise<number | null> {
  const [row] = await sql<{ seconds: number | null }>(
    backend,
    'SELECT extract(epoch FROM authorization_expires_at - created_at)::float8 AS seconds FROM payments WHERE id = $1',
    [paymentId],
  );
  return row.seconds;
}

describe('merchant:create --authorization-days', () => {
  for (const wrong of ['0', '31', '2.5', 'seven', '']) {
    test(`--authorization-days ${JSON.stringify(wrong)} is refused (exit 2) with the 1–30 rule and creates nothing`, async () => {
      const result = await run(
        path.join(repoRoot, 'node_modules/.bin/tsx'),
        ['scripts/merchant-create.ts', '--name', 'Window Shop', `--authorization-days=${wrong}`, '--json'],
        { env: backends()[0].env, timeoutMs: 60_000 },
      );
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain('--authorization-days: The authorization window must be a whole number of days, 1–30');
      expect(result.stdout).not.toContain('merchantId');
    });
  }
});

forEachBackend((backend) => {
  // PGlite's store is locked by its server: a new merchant and its rows need the PostgreSQL backend.
  describe.skipIf(!backend.databaseUrl)('the window of a pre-authorization (PostgreSQL)', () => {
    let threeDays: MerchantCredentials;
    const preAuthorize = async (merchant: MerchantCredentials) => {
      const response = await api(backend, merchant).post('/api/pre-authorization', paymentRequest({ amount: 80 }, cards.world));
      expect(response.status, response.text).toBe(200);
      expect(response.body.status).toBe('SUCCESS');
      return response.body.paymentId as string;
    };

    test('a merchant created with --authorization-days 3: its pre-authorizations hold for 3 days; the default merchant’s for 7; a sale has no deadline', async () => {
      threeDays = await createMerchantWithWindow(backend.env, 3);
      expect(await windowSeconds(backend, await preAuthorize(threeDays))).toBeCloseTo(3 * DAY_SECONDS, -1);
      expect(await windowSeconds(backend, await preAuthorize(backend.merchants.a))).toBeCloseTo(7 * DAY_SECONDS, -1);
      const sale = await api(backend).post('/api/payment', paymentRequest({ amount: 80 }, cards.world));
      expect(sale.status, sale.text).toBe(200);
      expect(await windowSeconds(backend, sale.body.paymentId)).toBeNull();
      const [row] = await sql<{ authorization_days: number }>(backend, 'SELECT authorization_days FROM merchants WHERE id = $1', [threeDays.merchantId]);
      expect(row).toEqual({ authorization_days: 3 });
    });

    test('past its deadline (moved in the database) a capture answers 409 INVALID_STATE before the job has run', async () => {
      const merchant = await createMerchantInDatabase(backend, 'Deadline Shop');
      const paymentId = await preAuthorize(merchant);
      await sql(backend, "UPDATE payments SET authorization_expires_at = now() - interval '1 second' WHERE id = $1", [paymentId]);
      const refused = expectError(await api(backend, merchant).post(`/api/pre-authorization/${paymentId}/capture`, { amount: 80, currency: 'TRY' }), 409, 'INVALID_STATE');
      expect(refused.resultMessage).toMatch(/expired/i);
    });
  });
});

/** `merchant-create --authorization-days N --json` with the server's environment; the printed credentials. */
async function createMerchantWithWindow(env: Record<string, string>, days: number): Promise<MerchantCredentials> {
  const result = await run(
    path.join(repoRoot, 'node_modules/.bin/tsx'),
    ['scripts/merchant-create.ts', '--name', `Window Shop ${days}`, '--authorization-days', String(days), '--rate-limit', '100000', '--burst', '100000', '--json'],
    { env, timeoutMs: 120_000 },
  );
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as MerchantCredentials;
}
