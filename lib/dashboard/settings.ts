import { listBankAccounts } from '../banks/accounts';
import { config } from '../config';
import type { Database } from '../db/client';
import { BANK_RETURN_PATH } from '../payments/three-ds/enroll';
import type { BankAccountView } from '../schemas/bank-account';
import { listEndpointDeliveries, listEventEndpoints } from '../notifications/endpoints';
import { getMerchantSettings, type MerchantSettings } from './queries';

/** An event endpoint as Settings lists it: with its latest deliveries. */
export interface EndpointWithDeliveries {
  endpoint: Awaited<ReturnType<typeof listEventEndpoints>>[number];
  deliveries: Awaited<ReturnType<typeof listEndpointDeliveries>>;
}

/** The bank accounts as Settings lists them, and the return URL (okUrl and failUrl) to register with each bank. */
export interface BankAccountsSettings {
  accounts: BankAccountView[];
  returnUrl: string;
}

/** Everything the Settings page shows, for one merchant. */
export async function getSettingsPage({
  db,
  merchantId,
}: {
  db: Database;
  merchantId: string;
}): Promise<{ settings: MerchantSettings; endpoints: EndpointWithDeliveries[]; banks: BankAccountsSettings }> {
  const settings = await getMerchantSettings({ db, merchantId });
  const banks = { accounts: await listBankAccounts({ db, merchantId }), returnUrl: `${config.publicBaseUrl}${BANK_RETURN_PATH}` };
  const endpoints = await Promise.all(
    (await listEventEndpoints({ db, merchantId })).map(async (endpoint) => ({
      endpoint,
      deliveries: await listEndpointDeliveries({ db, merchantId, endpointId: endpoint.id, limit: 10 }),
    })),
  );
  return { settings, endpoints, banks };
}
