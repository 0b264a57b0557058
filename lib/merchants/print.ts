import type { NewMerchantCredentials } from './credentials';

/** Writes new credentials to the terminal: the one moment the secrets are ever shown. */
export function printCredentials(name: string, credentials: NewMerchantCredentials): void {
  const lines = [
    `Merchant "${name}" created. Keep these secrets now: Kasa stores only their hashes.`,
    `  Merchant id      ${credentials.merchantId}`,
    `  X-API-KEY        ${credentials.apiKey}`,
    `  X-API-SECRET     ${credentials.apiSecret}`,
    `  Callback secret  ${credentials.callbackSecret}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
