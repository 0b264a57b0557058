import { config, type KasaConfig } from '../config';
import { AppError } from '../errors';

/** The sandbox issuer (/sandbox/acs, "the code is 123456") does not exist in live mode. */
export function assertSandboxIssuer(mode: KasaConfig['mode'] = config.mode): void {
  if (mode === 'live') throw new AppError('NOT_FOUND', 'No such page', [{ field: 'path', code: 'NOT_FOUND', message: 'The sandbox issuer is not served in live mode' }]);
}
