import { expect, test } from 'vitest';
import { TokenBucket } from './token-bucket';

test('a bucket serves its burst, then refuses with the seconds until the next token, then refills at the rate', () => {
  const bucket = new TokenBucket(2, 3, 0);
  expect([bucket.take(0), bucket.take(0), bucket.take(0)].every((decision) => decision.allowed)).toBe(true);
  expect(bucket.take(0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  expect(bucket.take(500).allowed).toBe(true); // 0.5 s × 2/s = one token
  expect(bucket.take(500).allowed).toBe(false);
  // Never more than the burst saved up, however long it waited.
  for (let index = 0; index < 3; index++) expect(bucket.take(60_000).allowed).toBe(true);
  expect(bucket.take(60_000).allowed).toBe(false);
});
