import { expect, test } from 'vitest';
import { hashPassword, verifyDummyPassword, verifyPassword } from './password';

test('passwords are stored as argon2id PHC strings with a fresh salt, never in clear', async () => {
  const password = 'correct horse battery staple';
  const first = await hashPassword(password);
  const second = await hashPassword(password);
  expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
  expect(first).not.toContain(password);
  expect(second, 'a new salt per hash').not.toBe(first);
});

test('verification accepts the password and refuses any other', async () => {
  const stored = await hashPassword('correct horse battery staple');
  expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
  expect(await verifyPassword(stored, 'correct horse battery stapl')).toBe(false);
  expect(await verifyPassword(stored, 'Correct horse battery staple')).toBe(false);
  expect(await verifyPassword(stored, '')).toBe(false);
});

test('a malformed stored hash verifies as false instead of throwing', async () => {
  expect(await verifyPassword('not a hash', 'whatever password')).toBe(false);
  expect(await verifyPassword('', 'whatever password')).toBe(false);
});

test('the unknown-email path spends a real verification and always fails', async () => {
  const started = performance.now();
  expect(await verifyDummyPassword('some password')).toBe(false);
  const stored = await hashPassword('x');
  const dummyStarted = performance.now();
  await verifyDummyPassword('some password');
  const dummyMs = performance.now() - dummyStarted;
  const realStarted = performance.now();
  await verifyPassword(stored, 'some password');
  const realMs = performance.now() - realStarted;
  expect(performance.now() - started).toBeGreaterThan(0);
  // Same parameters, same work: within a generous factor on a busy machine.
  expect(dummyMs).toBeGreaterThan(realMs / 4);
});
