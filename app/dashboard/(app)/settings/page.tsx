import type { Metadata } from 'next';
import { PageHeader } from '@/components/dashboard/primitives';
import { BankAccountsSection } from '@/components/dashboard/settings-bank-accounts';
import { AccountSections } from '@/components/dashboard/settings-account';
import { CredentialsSections } from '@/components/dashboard/settings-credentials';
import { EventEndpointsSection } from '@/components/dashboard/settings-event-endpoints';
import { requireMerchantSession } from '@/lib/dashboard/session';
import { getSettingsPage } from '@/lib/dashboard/settings';
import { database } from '@/lib/db/client';
import {
  addBankAccountAction,
  addEventEndpointAction,
  deleteEventEndpointAction,
  removeBankAccountAction,
  resendEventDeliveryAction,
  rotateApiSecretAction,
  rotateCallbackSecretAction,
  sendTestEventAction,
  setAuthorizationWindowAction,
  testBankConnectionAction,
} from './actions';

export const metadata: Metadata = { title: 'Settings · Kasa' };
export const dynamic = 'force-dynamic';

// GET /dashboard/settings — merchant, API credentials and callback secret (with rotation), event endpoints, bank accounts, currencies, authorization window, pricing
export default async function SettingsPage() {
  const { merchant } = await requireMerchantSession();
  const { settings, endpoints, banks } = await getSettingsPage({ db: await database(), merchantId: merchant.id });

  return (
    <>
      <PageHeader title="Settings" description="Your merchant account, credentials, bank accounts and the pricing in use." />
      <div className="grid grid-cols-1 gap-5 xl:grid-cols-2">
        <div className="space-y-5">
          <CredentialsSections settings={settings} rotateApiSecretAction={rotateApiSecretAction} rotateCallbackSecretAction={rotateCallbackSecretAction} />
          <BankAccountsSection
            banks={banks}
            addBankAccountAction={addBankAccountAction}
            testBankConnectionAction={testBankConnectionAction}
            removeBankAccountAction={removeBankAccountAction}
          />
        </div>
        <div className="space-y-5">
          <EventEndpointsSection
            endpoints={endpoints}
            addEventEndpointAction={addEventEndpointAction}
            deleteEventEndpointAction={deleteEventEndpointAction}
            sendTestEventAction={sendTestEventAction}
            resendEventDeliveryAction={resendEventDeliveryAction}
          />
          <AccountSections settings={settings} setAuthorizationWindowAction={setAuthorizationWindowAction} />
        </div>
      </div>
    </>
  );
}
