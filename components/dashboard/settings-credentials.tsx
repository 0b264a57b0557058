import { CopyField } from './copy-field';
import { formatRemaining } from './format';
import { Badge, DescriptionList, Section, Table, td, th, Time } from './primitives';
import { RotateSecretForm } from './rotate-secret-form';
import { config } from '@/lib/config';
import type { ActionState } from '@/lib/dashboard/action';
import type { MerchantSettings } from '@/lib/dashboard/queries';
import { MAX_OVERLAP_HOURS } from '@/lib/schemas/dashboard-forms';

type FormAction = (previous: ActionState, formData: FormData) => Promise<ActionState>;

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

/** Settings: the merchant, its API credentials and its callback signing secret, each secret with its rotation form. */
export function CredentialsSections({
  settings,
  rotateApiSecretAction,
  rotateCallbackSecretAction,
}: {
  settings: MerchantSettings;
  rotateApiSecretAction: FormAction;
  rotateCallbackSecretAction: FormAction;
}) {
  return (
    <>
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
    </>
  );
}
