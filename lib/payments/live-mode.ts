import { config, type KasaConfig } from '../config';
import type { Merchant } from '../db/schema';
import { AppError } from '../errors';

/**
 * What KASA_MODE=live takes away from the sandbox: its issuer pages and its bank. Only the sandbox bank
 * exists today, so in live mode no merchant has a real bank account and every payment is refused
 * before a row is written or a card reaches any acquirer; the real-bank issue lifts this per merchant.
 */
export function assertAcquirerConfigured(_merchant: Merchant, mode: KasaConfig['mode'] = config.mode): void {
  if (mode !== 'live') return;
  const message = 'This merchant has no bank account for live payments; none can be taken until one is configured';
  throw new AppError('ACQUIRER_NOT_CONFIGURED', message, [{ field: 'merchant', code: 'ACQUIRER_NOT_CONFIGURED', message }]);
}

/** The sandbox issuer (/sandbox/acs, "the code is 123456") does not exist in live mode. */
export function assertSandboxIssuer(mode: KasaConfig['mode'] = config.mode): void {
  if (mode === 'live') throw new AppError('NOT_FOUND', 'No such page', [{ field: 'path', code: 'NOT_FOUND', message: 'The sandbox issuer is not served in live mode' }]);
}
