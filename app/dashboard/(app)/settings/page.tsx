import type { Metadata } from 'next';
import { CopyField } from '@/components/dashboard/copy-field';
import { formatRate, formatRemaining } from '@/components/dashboard/format';
import { Badge, DescriptionList, PageHeader, Section, Table, td, th, Time } from '@/components/dashboard/primitives';
import { RotateSecretForm } from '@/components/dashboard/rotate-secret-form';
import { config } from '@/lib/config';
import { getMerchantSettings } from '@/lib/dashboard/queries';
import { requireMerchantSession } from '@/lib/dashboard/session';
import { database } from '@/lib/db/client';
import { MAX_OVERLAP_HOURS } from '@/lib/schemas/dashboard-forms';
import { rotateApiSecretAction, rotateCallbackSecretAction } from './actions';

export const metadata: Metadata = { title: 'Settings · Kasa' };
export const dynamic = 'force-dynamic';

function Expiry({ at }: { at: Date | null }) {
  if (!at) return <Badge tone="green">Current</Badge>;
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Badge tone="amber">Expires {formatRemaining(at)}</Badge>
      <span className="text-xs text-slate-600">
        <Time date={at} />
      </span>
    </span>
  );
}

// GET /dashboard/settings — merchant, API credentials and callback secret (with rotation), currencies, pricing
export default async function SettingsPage() {
  const { merchant } = await requireMerchantSession();
  const settings = await getMerchantSettings({ db: await database(), merchantId: merchant.id });
  const { pricing } = settings;
  const rates = Object.entries(pricing.installmentRates)
    .map(([count, rate]) => [Number(count), rate] as const)
    .sort(([a], [b]) => a - b);
  const commission = [
    ['Domestic debit', pricing.commission.domesticDebit],
    ['Domestic credit', pricing.commission.domesticCredit],
    ['International', pricing.commission.international],
  ] as const;

  return (
    <>
      <PageHeader title="Settings" description="Your merchant account, credentials and the pricing in use." />
      <div className="grid grid-cols-1 gap-5 xl:grid-cols-2">
        <div className="space-y-5">
          <Section id="merchant" title="Merchant">
            <DescriptionList
              items={[
                { term: 'Name', value: settings.merchant.name },
                { term: 'Merchant id', value: settings.merchant.id, mono: true },
                { term: 'Mode', value: config.mode === 'sandbox' ? 'Sandbox (test cards only)' : 'Live' },
                { term: 'Created', value: <Time date={settings.merchant.createdAt} /> },
              ]}
            />
          </Section>

          <Section id="api-credentials" title="API credentials" description="Sent as X-API-KEY and X-API-SECRET with every API request.">
            <div className="space-y-4">
              {settings.apiKey ? <CopyField label="API key" value={settings.apiKey} /> : null}
              <div>
                <h3 className="mb-1 text-xs font-medium text-slate-700">API secrets that work now</h3>
                <p className="mb-2 text-xs text-slate-600">A secret is shown once, when it is created or rotated; afterwards only its last 4 characters.</p>
                <Table
                  label="API secrets"
                  head={
                    <tr>
                      <th scope="col" className={th}>Secret</th>
                      <th scope="col" className={th}>Created</th>
                      <th scope="col" className={th}>Status</th>
                    </tr>
                  }
                >
                  {settings.secrets.map((secret) => (
                    <tr key={secret.id}>
                      <td className={`${td} font-mono text-[13px] whitespace-nowrap`}>
                        <span aria-hidden="true">sk_••••</span>
                        <span className="sr-only">Secret ending in </span>
                        {secret.last4}
                      </td>
                      <td className={`${td} text-slate-700`}>
                        <Time date={secret.createdAt} />
                      </td>
                      <td className={td}>
                        <Expiry at={secret.expiresAt} />
                      </td>
                    </tr>
                  ))}
                </Table>
              </div>
              <div className="border-t border-slate-200 pt-4">
                <h3 className="mb-2 text-sm font-semibold text-slate-900">Rotate secret</h3>
                <RotateSecretForm action={rotateApiSecretAction} what="API secret" secretLabel="API secret" maxOverlapHours={MAX_OVERLAP_HOURS} />
              </div>
            </div>
          </Section>

          <Section id="callback-secret" title="Callback signing secret" description="Kasa signs every callback: X-Kasa-Signature: t=…,v1=HMAC-SHA256(secret, t + “.” + body).">
            <div className="space-y-4">
              <DescriptionList
                items={[
                  {
                    term: 'Current secret',
                    value: (
                      <span className="font-mono text-[13px]">
                        <span aria-hidden="true">whsec_••••</span>
                        <span className="sr-only">Secret ending in </span>
                        {settings.callbackSecret.last4}
                      </span>
                    ),
                  },
                  {
                    term: 'Previous secret',
                    value: settings.callbackSecret.previousExpiresAt ? (
                      <span className="block">
                        <Expiry at={settings.callbackSecret.previousExpiresAt} />
                        <span className="mt-1 block text-xs text-slate-600">Until then callbacks carry one v1 per secret.</span>
                      </span>
                    ) : (
                      'None'
                    ),
                  },
                ]}
              />
              <div className="border-t border-slate-200 pt-4">
                <h3 className="mb-2 text-sm font-semibold text-slate-900">Rotate callback secret</h3>
                <RotateSecretForm action={rotateCallbackSecretAction} what="callback secret" secretLabel="callback secret" maxOverlapHours={MAX_OVERLAP_HOURS} />
              </div>
            </div>
          </Section>
        </div>

        <div className="space-y-5">
          <Section id="currencies" title="Currencies">
            <ul className="flex flex-wrap gap-2" aria-label="Allowed currencies">
              {settings.merchant.currencies.map((currency) => (
                <li key={currency}>
                  <Badge tone="slate">{currency}</Badge>
                </li>
              ))}
            </ul>
            <p className="mt-2 text-xs text-slate-600">Largest order amount: {settings.merchant.maxAmount.toLocaleString('en-US')} in major units of any of them.</p>
          </Section>

          <Section id="pricing" title="Pricing" description="The rates in force for your account. Read-only: ask Kasa’s operator to change them." flush>
            <div className="space-y-4 py-3">
              <div>
                <h3 className="px-4 pb-1 text-xs font-medium text-slate-700">Commission on the order amount</h3>
                <Table
                  label="Commission rates"
                  head={
                    <tr>
                      <th scope="col" className={th}>Card</th>
                      <th scope="col" className={`${th} text-right`}>Rate</th>
                    </tr>
                  }
                >
                  {commission.map(([label, rate]) => (
                    <tr key={label}>
                      <th scope="row" className={`${td} text-left font-normal text-slate-700`}>
                        {label}
                      </th>
                      <td className={`${td} text-right tabular-nums`}>{formatRate(rate)}</td>
                    </tr>
                  ))}
                </Table>
                <p className="px-4 pt-2 text-xs text-slate-600">Rounded half-up to the currency’s minor unit. When you bear installment interest, its rate is added.</p>
              </div>
              <div>
                <h3 className="px-4 pb-1 text-xs font-medium text-slate-700">Installment interest rates (domestic credit cards with a loyalty program)</h3>
                <dl className="grid grid-cols-3 gap-px overflow-hidden border-y border-slate-200 bg-slate-200 text-sm sm:grid-cols-6">
                  {rates.map(([count, rate]) => (
                    <div key={count} className="bg-white px-3 py-1.5">
                      <dt className="text-xs text-slate-600">
                        <span aria-hidden="true">{count}×</span>
                        <span className="sr-only">{count} installments</span>
                      </dt>
                      <dd className="tabular-nums whitespace-nowrap text-slate-900">{formatRate(rate)}</dd>
                    </div>
                  ))}
                  {/* Blank cells complete the last row (the grid has 3 or 6 columns). */}
                  {Array.from({ length: (6 - (rates.length % 6)) % 6 }, (_, index) => (
                    <div key={`blank-${index}`} aria-hidden="true" className="bg-white" />
                  ))}
                </dl>
              </div>
            </div>
          </Section>
        </div>
      </div>
    </>
  );
}
