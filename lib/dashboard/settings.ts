import type { Database } from '../db/client';
import { listEndpointDeliveries, listEventEndpoints } from '../notifications/endpoints';
import { getMerchantSettings, type MerchantSettings } from './queries';

/** An event endpoint as Settings lists it: with its latest deliveries. */
export interface EndpointWithDeliveries {
  endpoint: Awaited<ReturnType<typeof listEventEndpoints>>[number];
  deliveries: Awaited<ReturnType<typeof listEndpointDeliveries>>;
}

/** Everything the Settings page shows, for one merchant. */
export async function getSettingsPage({ db, merchantId }: { db: Database; merchantId: string }): Promise<{ settings: MerchantSettings; endpoints: EndpointWithDeliveries[] }> {
  const settings = await getMerchantSettings({ db, merchantId });
  const endpoints = await Promise.all(
    (await listEventEndpoints({ db, merchantId })).map(async (endpoint) => ({
      endpoint,
      deliveries: await listEndpointDeliveries({ db, merchantId, endpointId: endpoint.id, limit: 10 }),
    })),
  );
  return { settings, endpoints };
}
