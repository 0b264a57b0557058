import { config } from './config';
import { AppError } from './errors';
import { resolvePublicAddress } from './net/public-address';

/**
 * URLs a merchant gives Kasa to call or send shoppers to (callback, successUrl, failureUrl,
 * returnUrl): in live mode https only and never a loopback, private or link-local address
 * (reference §7); the sandbox allows http and loopback for local development.
 */
export async function assertAllowedMerchantUrl(field: string, url: string): Promise<void> {
  if (config.mode !== 'live') return;
  if (!url.startsWith('https://')) throw AppError.field(field, 'URL_NOT_ALLOWED', 'Must be an https URL in live mode');
  const resolved = await resolvePublicAddress(url);
  if (!resolved.ok) throw AppError.field(field, 'URL_NOT_ALLOWED', `Must point at a public address (${resolved.reason})`);
}
