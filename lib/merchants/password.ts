import { hash, verify } from '@node-rs/argon2';
import { randomToken } from '../crypto';

/**
 * Dashboard passwords: argon2id with the OWASP minimum (19 MiB, 2 passes, 1 lane), stored as the PHC
 * string (algorithm, parameters and salt travel with the hash, so they can be raised later).
 */
const ARGON2ID = 2; // Algorithm.Argon2id: a `const enum` in the package's types, unusable with isolatedModules
const options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

/** False for a wrong password and for a malformed stored hash alike (never throws for either). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time a real verification would when the email is unknown, so response times do not tell
 * whether an account exists. Always false.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomToken(16));
  await verifyPassword(await dummyHash, password);
  return false;
}
