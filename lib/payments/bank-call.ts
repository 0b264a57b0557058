import { and, eq } from 'drizzle-orm';
import type { SettlementResult } from '../acquirer';
import type { Database } from '../db/client';
import { payments, type Payment } from '../db/schema';
import { AppError } from '../errors';
import { describeError, logger } from '../log';
import { firstRow } from '../rows';

/**
 * Captures and cancels at a merchant's bank. The sandbox bank answers in process and moves no money,
 * so it is simply asked before anything is written (askSandboxBank). A real bank may take seconds: the
 * operation is written on the payment under the lock (beginBankOperation), the bank is asked with no
 * lock or transaction held (on the embedded store a transaction holds the whole store), and the
 * answer is settled in one transaction, conditional on the operation still being open
 * (settleBankOperation). Meanwhile another capture or cancel of the payment is refused with
 * REQUEST_IN_PROGRESS. An answer lost in transit leaves the operation open for the recovery job,
 * which asks the bank again: the adapters recognise a repeat of a capture or void that went through by
 * the bank's status query.
 */

export type BankOperation = 'CAPTURE' | 'CANCEL';

function bankUnavailable(operation: string): AppError {
  return new AppError('BANK_UNAVAILABLE', `The bank did not answer the ${operation}; Kasa asks it again and settles the payment, retry shortly`);
}

/** The sandbox bank's call, made before anything is written: a failure changes nothing, and the merchant may retry. */
export async function askSandboxBank<T>(operation: 'capture' | 'cancel' | 'refund', paymentId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    logger.error({ paymentId, operation, err: describeError(error) }, 'bank call failed');
    throw bankUnavailable(operation);
  }
}

export function assertNoBankOperation(payment: Payment): void {
  if (payment.bankOperation) throw new AppError('REQUEST_IN_PROGRESS', `The bank is working on a ${payment.bankOperation.toLowerCase()} of this payment; retry shortly`);
}

/** Under the payment's row lock: the operation is now the bank's, and no other may start. */
export async function beginBankOperation(tx: Database, paymentId: string, operation: BankOperation, amountMinor: number): Promise<void> {
  await tx.update(payments).set({ bankOperation: operation, bankOperationAmount: amountMinor, bankOperationStartedAt: new Date() }).where(eq(payments.id, paymentId));
}

/**
 * Asks the bank and settles its answer: `apply` writes an approval (the operation is closed in the same
 * transaction); a refusal closes the operation and throws `refused`; no answer leaves it open and
 * throws BANK_UNAVAILABLE. When the operation was already settled (by the recovery job) the payment is
 * answered as it stands.
 */
export async function settleBankOperation({
  db,
  payment,
  operation,
  call,
  apply,
  refused,
}: {
  db: Database;
  payment: Payment;
  operation: BankOperation;
  call: () => Promise<SettlementResult>;
  apply: (tx: Database, payment: Payment) => Promise<Payment>;
  refused: (answer: Extract<SettlementResult, { ok: false }>) => AppError;
}): Promise<Payment> {
  let answer: SettlementResult;
  try {
    answer = await call();
  } catch (error) {
    logger.error({ paymentId: payment.id, operation, err: describeError(error) }, 'bank answer lost; left open for recovery');
    throw bankUnavailable(operation.toLowerCase());
  }
  type Settled = { kind: 'settled'; payment: Payment } | { kind: 'refused'; answer: Extract<SettlementResult, { ok: false }> };
  const settled = await db.transaction(async (tx): Promise<Settled> => {
    const open = firstRow(await tx
      .update(payments)
      .set({ bankOperation: null, bankOperationAmount: null, bankOperationStartedAt: null })
      .where(and(eq(payments.id, payment.id), eq(payments.bankOperation, operation)))
      .returning());
    if (!open) return { kind: 'settled', payment: firstRow(await tx.select().from(payments).where(eq(payments.id, payment.id))) ?? payment };
    if (!answer.ok) return { kind: 'refused', answer };
    return { kind: 'settled', payment: await apply(tx, open) };
  });
  if (settled.kind === 'refused') throw refused(settled.answer);
  return settled.payment;
}
