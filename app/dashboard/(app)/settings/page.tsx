import type { Metadata } from 'next';
import { AuthorizationWindowForm } from '@/components/dashboard/authorization-window-form';
import { CopyField } from '@/components/dashboard/copy-field';
import { formatRate, formatRemaining } from '@/components/dashboard/format';
import { Badge, DescriptionList, EmptyState, PageHeader, Section, Table, td, th, Time } from '@/components/dashboard/primitives';
import { RotateSecretForm } from '@/components/dashboard/rotate-secret-form';
import { config } from '@/lib/config';
import { getMerchantSettings } from '@/lib/dashboard/queries';
import { requireMerchantSession } from '@/lib/dashboard/session';
import { database } from '@/lib/db/client';
import { MAX_AUTHORIZATION_DAYS, MAX_OVERLAP_HOURS, MIN_AUTHORIZATION_DAYS } from '@/lib/schemas/dashboard-forms';
import { AttemptStatus, attemptError } from '@/components/dashboard/attempts';
import { EndpointButton, EventEndpointForm } from '@/components/dashboard/event-endpoint-form';
import { deliveryStateLabel } from '@/components/dashboard/format';
import { ResendButton } from '@/components/dashboard/resend-button';
import { listEndpointDeliveries, listEventEndpoints } from '@/lib/notifications/endpoints';
import { EVENT_TYPES } from '@/lib/schemas/event-types';
import { MAX_EVENT_ENDPOINTS } from '@/lib/schemas/events';
import {
  addEventEndpointAction,
  deleteEventEndpointAction,
  resendEventDeliveryAction,
  rotateApiSecretAction,
  rotateCallbackSecretAction,
  sendTestEventAction,
  setAuthorizationWindowAction,
} from './actions';

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

// GET /dashboard/settings — merchant, API credentials and callback secret (with rotation), currencies, authorization window, pricing
export default async function SettingsPage() {
  const { merchant } = await requireMerchantSession();
  const db = await database();
  const settings = await getMerchantSettings({ db, merchantId: merchant.id });
  const endpoints = await Promise.all(
    (await listEventEndpoints({ db, merchantId: merchant.id })).map(async (endpoint) => ({
      endpoint,
      deliveries: await listEndpointDeliveries({ db, merchantId: merchant.id, endpointId: endpoint.id, limit: 10 }),
    })),
  );
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
          <Section
            id="event-endpoints"
            title="Event endpoints"
            description={`Kasa POSTs JSON events {id, type, created, data} here, signed like callbacks (X-Kasa-Signature, the callback secret), retried for about 3 days. Up to ${MAX_EVENT_ENDPOINTS}.`}
          >
            <div className="space-y-5">
              {endpoints.length === 0 ? <p className="text-sm text-slate-600">No event endpoints yet.</p> : null}
              {endpoints.map(({ endpoint, deliveries }) => (
                <article key={endpoint.id} aria-label={`Endpoint ${endpoint.url}`} className="space-y-2 rounded-md border border-slate-200 p-3">
                  <div className="flex flex-wrap items-start justify-between gap-2">
                    <div className="min-w-0">
                      <p className="font-mono text-[13px] break-all text-slate-900">{endpoint.url}</p>
                      <p className="text-xs text-slate-600">
                        <span className="font-mono">{endpoint.id}</span> · {endpoint.events.length === EVENT_TYPES.length ? 'all events' : endpoint.events.join(', ')}
                      </p>
                    </div>
                    <div className="flex flex-wrap gap-2">
                      <EndpointButton action={sendTestEventAction} endpointId={endpoint.id} label={`Send test event to ${endpoint.url}`}>
                        Send test event
                      </EndpointButton>
                      <EndpointButton action={deleteEventEndpointAction} endpointId={endpoint.id} label={`Delete endpoint ${endpoint.url}`} tone="danger">
                        Delete
                      </EndpointButton>
                    </div>
                  </div>
                  <Table
                    label={`Deliveries to ${endpoint.url}`}
                    head={
                      <tr>
                        <th scope="col" className={th}>Event</th>
                        <th scope="col" className={th}>State</th>
                        <th scope="col" className={th}>Last attempt</th>
                        <th scope="col" className={th}>
                          <span className="sr-only">Actions</span>
                        </th>
                      </tr>
                    }
                    empty={deliveries.length === 0 ? <EmptyState>No deliveries yet.</EmptyState> : null}
                  >
                    {deliveries.map((delivery) => {
                      const state = deliveryStateLabel(delivery);
                      const last = delivery.attempts.at(-1);
                      return (
                        <tr key={delivery.id}>
                          <td className={td}>
                            <span className="font-mono text-[13px]">{delivery.eventType}</span>
                            <span className="block font-mono text-xs text-slate-600">{delivery.eventId}</span>
                            <span className="block text-xs text-slate-600">
                              <Time date={delivery.createdAt} seconds />
                            </span>
                          </td>
                          <td className={td}>
                            <Badge tone={state.tone}>{state.label}</Badge>
                          </td>
                          <td className={td}>
                            {last ? (
                              <span className="block">
                                <AttemptStatus attempt={last} />
                                {attemptError(last) ? <span className="block text-xs text-red-800">{attemptError(last)}</span> : null}
                              </span>
                            ) : (
                              <span className="text-xs text-slate-600">Not tried yet</span>
                            )}
                          </td>
                          <td className={td}>
                            <ResendButton action={resendEventDeliveryAction} deliveryId={delivery.id} label={`Resend ${delivery.eventType} ${delivery.eventId}`} />
                          </td>
                        </tr>
                      );
                    })}
                  </Table>
                </article>
              ))}
              <div className="border-t border-slate-200 pt-4">
                <h3 className="mb-2 text-sm font-semibold text-slate-900">Add endpoint</h3>
                <EventEndpointForm action={addEventEndpointAction} eventTypes={EVENT_TYPES} disabled={endpoints.length >= MAX_EVENT_ENDPOINTS} />
              </div>
            </div>
          </Section>
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

          <Section
            id="authorization-window"
            title="Authorization window"
            description="An uncaptured pre-authorization is released at the bank when its window ends, and becomes Expired."
          >
            <div className="space-y-4">
              <DescriptionList
                items={[
                  {
                    term: 'Pre-authorizations hold for',
                    value: `${settings.merchant.authorizationDays} ${settings.merchant.authorizationDays === 1 ? 'day' : 'days'}`,
                  },
                ]}
              />
              <div className="border-t border-slate-200 pt-4">
                <AuthorizationWindowForm
                  action={setAuthorizationWindowAction}
                  authorizationDays={settings.merchant.authorizationDays}
                  min={MIN_AUTHORIZATION_DAYS}
                  max={MAX_AUTHORIZATION_DAYS}
                />
              </div>
            </div>
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
