// Issue 6 §5: a per-merchant API rate limit (token bucket), answered 429 RATE_LIMITED with Retry-After.
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { api } from '../support/api';
import { expectError } from '../support/assertions';
import { forEachBackend } from '../support/context';

forEachBackend((backend) => {
  // `limited`: 2 requests/s, burst 4 (tests/support/harness.ts). Nothing else uses it.
  const limited = api(backend, backend.merchants.limited);
  const other = api(backend, backend.merchants.b);

  describe('per-merchant rate limit', () => {
    test('a burst beyond the bucket answers 429 RATE_LIMITED with Retry-After; another merchant is not slowed; it refills', async () => {
      const startedAt = Date.now();
      const [limitedAnswers, otherAnswers] = await Promise.all([
        Promise.all(Array.from({ length: 12 }, () => limited.get(`/api/payment/${randomUUID()}`))),
        Promise.all(Array.from({ length: 20 }, () => other.get(`/api/payment/${randomUUID()}`))),
      ]);
      const elapsedSeconds = (Date.now() - startedAt) / 1000;

      const refused = limitedAnswers.filter((answer) => answer.status === 429);
      const served = limitedAnswers.filter((answer) => answer.status !== 429);
      // The burst of 4, plus at most what 2/s refilled while the requests ran.
      expect(served.length).toBeGreaterThanOrEqual(4);
      expect(served.length).toBeLessThanOrEqual(4 + Math.ceil(elapsedSeconds * 2));
      for (const answer of served) expectError(answer, 404, 'NOT_FOUND');
      for (const answer of refused) {
        expectError(answer, 429, 'RATE_LIMITED');
        expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      for (const answer of otherAnswers) expectError(answer, 404, 'NOT_FOUND');

      // 2 tokens a second: after a little over a second one request goes through again.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expectError(await limited.get(`/api/payment/${randomUUID()}`), 404, 'NOT_FOUND');
    });
  });
});
