import { AuthorizationWindowForm } from './authorization-window-form';
import { formatRate } from './format';
import { Badge, DescriptionList, Section, Table, td, th } from './primitives';
import type { ActionState } from '@/lib/dashboard/action';
import type { MerchantSettings } from '@/lib/dashboard/queries';
import { MAX_AUTHORIZATION_DAYS, MIN_AUTHORIZATION_DAYS } from '@/lib/schemas/dashboard-forms';

/** Settings: allowed currencies, the authorization window (with its form) and the pricing in force. */
export function AccountSections({
  settings,
  setAuthorizationWindowAction,
}: {
  settings: MerchantSettings;
  setAuthorizationWindowAction: (previous: ActionState, formData: FormData) => Promise<ActionState>;
}) {
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
    </>
  );
}
