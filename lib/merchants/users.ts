import { randomToken } from '../crypto';
import type { Executor } from '../db/client';
import { merchantUsers } from '../db/schema';
import { AppError } from '../errors';
import { hashPassword } from './password';

/** Normalises an address the way the sign-in schema does (trimmed, lower-cased). */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * Adds a dashboard login to a merchant. `password` is hashed first; pass `passwordHash` instead to
 * hash before opening a transaction (createMerchant does), so the transaction is not held for it.
 * An email already in use → AppError VALIDATION_ERROR on `email` (EMAIL_TAKEN).
 */
export async function createDashboardUser({
  db,
  merchantId,
  email,
  ...secret
}: {
  db: Executor;
  merchantId: string;
  email: string;
} & ({ password: string } | { passwordHash: string })): Promise<{ userId: string; email: string }> {
  const userId = `usr_${randomToken(16)}`;
  const normalized = normalizeEmail(email);
  const passwordHash = 'passwordHash' in secret ? secret.passwordHash : await hashPassword(secret.password);
  try {
    await db.insert(merchantUsers).values({ id: userId, merchantId, email: normalized, passwordHash });
  } catch (error) {
    if (isUniqueViolation(error)) throw AppError.field('email', 'EMAIL_TAKEN', 'A dashboard user with this email already exists');
    throw error;
  }
  return { userId, email: normalized };
}

function isUniqueViolation(error: unknown): boolean {
  for (let current = error; current && typeof current === 'object'; current = (current as { cause?: unknown }).cause) {
    if ((current as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
