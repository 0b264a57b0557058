import { config, type KasaConfig } from '../config';
import { AppError } from '../errors';
import { isLinkLocalAddress, resolvePublicAddress } from './public-address';

/**
 * URLs a merchant gives Kasa to call or send shoppers to (callback, successUrl, failureUrl,
 * returnUrl), judged by the URL parser, never by their text: in every mode no credentials in the URL
 * and no link-local or cloud-metadata host (169.254.0.0/16, fe80::/10, also written as
 * `[::ffff:169.254.169.254]`, `2852039166` or `0xa9fea9fe`, which the parser turns into the same
 * address); in live mode also https only and a public address (reference §7). The sandbox allows http,
 * loopback and private addresses for local development.
 */
export async function assertAllowedMerchantUrl(field: string, url: string, mode: KasaConfig['mode'] = config.mode): Promise<void> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw AppError.field(field, 'URL_NOT_ALLOWED', 'Must be a valid URL');
  }
  if (target.username || target.password) throw AppError.field(field, 'URL_NOT_ALLOWED', 'Must not hold a user name or password');
  const host = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
  if (isLinkLocalAddress(host)) throw AppError.field(field, 'URL_NOT_ALLOWED', 'Must not point at a link-local or cloud-metadata address');
  if (mode !== 'live') return;
  if (target.protocol !== 'https:') throw AppError.field(field, 'URL_NOT_ALLOWED', 'Must be an https URL in live mode');
  const resolved = await resolvePublicAddress(url);
  if (!resolved.ok) throw AppError.field(field, 'URL_NOT_ALLOWED', `Must point at a public address (${resolved.reason})`);
}
