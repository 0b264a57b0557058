import { AppError } from '../errors';
import { describeError, logger } from '../log';

/**
 * A capture or cancel asked of the bank while the payment's row is locked. A bank that cannot be
 * reached, or whose answer is lost, changes nothing on the payment: the merchant gets BANK_UNAVAILABLE
 * and may retry, and a retry of something the bank did is recognised by the adapter (its status query).
 */
export async function askBank<T>(operation: 'capture' | 'cancel', paymentId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    logger.error({ paymentId, operation, err: describeError(error) }, 'bank call failed');
    throw new AppError('BANK_UNAVAILABLE', `The bank did not answer the ${operation}; nothing was changed, retry shortly`);
  }
}
