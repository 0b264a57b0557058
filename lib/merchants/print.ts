import type { NewMerchantCredentials } from './credentials';

/**
 * Writes new credentials to the terminal: the one moment the secrets are ever shown. `password` is
 * printed only when Kasa generated it (the demo merchant's); a password the operator chose is not.
 */
export function printCredentials(name: string, credentials: NewMerchantCredentials, dashboard?: { url: string; password?: string }): void {
  const lines = [
    `Merchant "${name}" created. Keep these secrets now: Kasa stores only their hashes.`,
    `  Merchant id      ${credentials.merchantId}`,
    `  X-API-KEY        ${credentials.apiKey}`,
    `  X-API-SECRET     ${credentials.apiSecret}`,
    `  Callback secret  ${credentials.callbackSecret}`,
  ];
  if (credentials.email) {
    if (dashboard?.url) lines.push(`  Dashboard        ${dashboard.url}`);
    lines.push(`  Login email      ${credentials.email}`);
    if (dashboard?.password) lines.push(`  Login password   ${dashboard.password}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}
