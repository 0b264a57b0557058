import { expect, test } from 'vitest';
import { WindowCounter } from './rate-limit';

test('a key is limited after `limit` hits within the window and free again after it', () => {
  const counter = new WindowCounter(3, 60_000);
  for (let hit = 0; hit < 3; hit++) counter.hit('ip', 1_000);
  expect(counter.retryAfter('ip', 1_000)).toBe(60);
  expect(counter.retryAfter('other', 1_000)).toBe(0);
  expect(counter.retryAfter('ip', 61_000)).toBe(0);
});

test('the counter forgets old keys instead of growing without bound', () => {
  const counter = new WindowCounter(1, 60_000, 10);
  for (let key = 0; key < 100; key++) counter.hit(`ip-${key}`, 0);
  expect(counter.retryAfter('ip-99', 0)).toBe(60);
  expect(counter.retryAfter('ip-0', 0)).toBe(0);
});
