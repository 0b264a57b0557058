import { describe, expect, test } from 'vitest';
import type { Store } from '../db/client';
import { giveBackToken, MAX_LIMIT_KEYS, takeToken } from './rate-limits';

// The embedded store's buckets live in this process: a stand-in store is enough.
const store = { kind: 'pglite' } as Store;
const limit = { perSecond: 0.001, burst: 1 };

describe('in-memory rate-limit buckets', () => {
  test('a flood of new keys evicts the least recently used bucket, never an empty one still in use', async () => {
    expect(await takeToken(store, 'victim', limit)).toEqual({ allowed: true });
    for (let n = 0; n < MAX_LIMIT_KEYS - 2; n++) await takeToken(store, `flood-${n}`, limit);
    // Touched again: now the most recently used.
    expect((await takeToken(store, 'victim', limit)).allowed).toBe(false);
    for (let n = 0; n < 10; n++) await takeToken(store, `more-${n}`, limit);
    expect((await takeToken(store, 'victim', limit)).allowed, 'the drained bucket survived the flood').toBe(false);
    // The oldest flood key was evicted: it starts full again.
    expect(await takeToken(store, 'flood-0', limit)).toEqual({ allowed: true });
  });

  test('a token given back can be taken again', async () => {
    expect(await takeToken(store, 'forgiven', limit)).toEqual({ allowed: true });
    expect((await takeToken(store, 'forgiven', limit)).allowed).toBe(false);
    await giveBackToken(store, 'forgiven', limit);
    expect(await takeToken(store, 'forgiven', limit)).toEqual({ allowed: true });
  });
});
