'use client';

import { useEffect, useId, useState } from 'react';
import { CopyField } from './copy-field';
import { RowActionButton } from './row-action-button';
import { CheckboxField, FormMessage, SelectField, TextField, useDashboardForm, type DashboardAction } from './form-controls';
import { formatRate } from './format';
import { Badge, buttonClass, DescriptionList, Section } from './primitives';
import type { BankAccountsSettings } from '@/lib/dashboard/settings';
import { bankProviderSchema, loyaltyPrograms, type BankAccountView } from '@/lib/schemas/bank-account';

const providerLabels: Record<BankAccountView['provider'], string> = { nestpay: 'NestPay (EST)' };

/** "2 × 1.80 %, 3 × 2.90 %", by installment count. */
function ratesText(rates: Record<string, number>): string {
  const entries = Object.entries(rates).sort(([a], [b]) => Number(a) - Number(b));
  return entries.length === 0 ? 'None: single payments only' : entries.map(([count, rate]) => `${count} installments: ${formatRate(rate)}`).join(', ');
}

/**
 * Settings: the merchant's bank accounts (virtual POS contracts) with their secrets masked, a Test
 * connection and a Remove per account, the return URL to register with the bank, and the form adding
 * one. The page only ever hands this the accounts' views: no secret reaches the browser.
 */
export function BankAccountsSection({
  banks,
  addBankAccountAction,
  testBankConnectionAction,
  removeBankAccountAction,
}: {
  banks: BankAccountsSettings;
  addBankAccountAction: DashboardAction;
  testBankConnectionAction: DashboardAction;
  removeBankAccountAction: DashboardAction;
}) {
  const { accounts, returnUrl } = banks;
  // A removed account's article goes with its Remove button's answer: the section says it instead.
  const [shown, setShown] = useState(accounts);
  const [removed, setRemoved] = useState('');
  if (shown !== accounts) {
    const gone = shown.filter((account) => !accounts.some((current) => current.id === account.id));
    setShown(accounts);
    if (gone.length > 0) setRemoved(`Bank account removed: ${gone.map((account) => account.name).join(', ')}`);
  }
  return (
    <Section
      id="bank-accounts"
      title="Bank accounts"
      description="Your own virtual POS contracts. Installment payments go to the account holding the card’s loyalty program, everything else to the default account. Without an account, the sandbox bank answers (sandbox mode only)."
    >
      <div className="space-y-5">
        <div>
          <CopyField label="Return URL to register with the bank" value={returnUrl} />
          <p className="text-xs text-slate-600">Give it to your bank as the 3-D Secure okUrl and failUrl of each account.</p>
        </div>
        <p role="status" className={removed ? 'rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800' : 'sr-only'}>
          {removed}
        </p>
        {accounts.length === 0 ? <p className="text-sm text-slate-600">No bank accounts yet.</p> : null}
        {accounts.map((account) => (
          <article key={account.id} aria-label={`Bank account ${account.name}`} className="space-y-2 rounded-md border border-slate-200 p-3">
            <div className="flex flex-wrap items-start justify-between gap-2">
              <h3 className="text-sm font-semibold text-slate-900">
                {account.name} {account.isDefault ? <Badge tone="sky">Default</Badge> : null}
              </h3>
              <div className="flex flex-wrap gap-2">
                <RowActionButton action={testBankConnectionAction} field={{ name: 'bankAccountId', value: account.id }} label={`Test connection to ${account.name}`}>
                  Test connection
                </RowActionButton>
                <RowActionButton action={removeBankAccountAction} field={{ name: 'bankAccountId', value: account.id }} label={`Remove bank account ${account.name}`} tone="danger">
                  Remove
                </RowActionButton>
              </div>
            </div>
            <DescriptionList
              items={[
                { term: 'Provider', value: providerLabels[account.provider] },
                { term: 'Client id', value: account.clientId, mono: true },
                { term: 'API user', value: account.apiUser, mono: true },
                { term: 'API URL', value: account.apiUrl, mono: true },
                { term: '3-D gate URL', value: account.gateUrl, mono: true },
                { term: 'API password', value: account.apiPasswordMasked, mono: true },
                { term: 'Store key', value: account.storeKeyMasked, mono: true },
                { term: 'Programs', value: account.programs.length ? account.programs.join(', ') : 'None' },
                { term: 'Default account', value: account.isDefault ? 'Yes' : 'No' },
                { term: 'Installment rates', value: ratesText(account.installmentRates) },
              ]}
            />
          </article>
        ))}
        <div className="border-t border-slate-200 pt-4">
          <h3 className="mb-2 text-sm font-semibold text-slate-900">Add bank account</h3>
          <BankAccountForm action={addBankAccountAction} />
        </div>
      </div>
    </Section>
  );
}

/**
 * The CLI's fields. The secrets are password fields the browser neither fills nor remembers, never
 * given a value by the page, and cleared once the account is added.
 */
function BankAccountForm({ action }: { action: DashboardAction }) {
  const { state, pending, formProps } = useDashboardForm(action);
  const programsErrorId = useId();
  const errors = state.fieldErrors ?? {};
  // A refused program is reported as `programs` (taken) or `programs.<n>` (not a program).
  const programsError = Object.entries(errors).find(([field]) => field === 'programs' || field.startsWith('programs.'))?.[1];
  const { ref } = formProps;
  useEffect(() => {
    if (state.ok) ref.current?.reset();
  }, [state, ref]);
  return (
    <div className="space-y-3">
      <FormMessage state={state} />
      <form {...formProps} aria-label="Add bank account" className="space-y-3">
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <SelectField
            name="provider"
            label="Provider"
            options={bankProviderSchema.options.map((provider) => ({ value: provider, label: providerLabels[provider] }))}
            error={errors.provider}
          />
          <TextField name="name" label="Name" placeholder="Akbank" required maxLength={100} error={errors.name} />
          <TextField name="apiUrl" label="API URL" type="url" placeholder="https://bank.example/fim/api" required error={errors.apiUrl} className="sm:col-span-2" />
          <TextField name="gateUrl" label="3-D gate URL" type="url" placeholder="https://bank.example/fim/est3Dgate" required error={errors.gateUrl} className="sm:col-span-2" />
          <TextField name="clientId" label="Client id" required autoComplete="off" spellCheck={false} error={errors.clientId} />
          <TextField name="apiUser" label="API user" required autoComplete="off" spellCheck={false} error={errors.apiUser} />
          <TextField name="apiPassword" label="API password" type="password" required autoComplete="off" error={errors.apiPassword} />
          <TextField name="storeKey" label="Store key" type="password" required autoComplete="off" error={errors.storeKey} />
        </div>
        <fieldset aria-describedby={programsError ? programsErrorId : undefined}>
          <legend className="mb-1 text-xs font-medium text-slate-700">Loyalty programs routed to this account (installment payments)</legend>
          <div className="grid grid-cols-2 gap-1 sm:grid-cols-4">
            {loyaltyPrograms.map((program) => (
              <CheckboxField key={program} name={`programs:${program}`} label={<span className="font-mono text-[13px]">{program}</span>} />
            ))}
          </div>
          {programsError ? (
            <p id={programsErrorId} className="mt-1 text-xs text-red-700">
              {programsError}
            </p>
          ) : null}
        </fieldset>
        <TextField
          name="installmentRates"
          label="Installment rates (percent)"
          placeholder="2:1.80, 3:2.90"
          hint="Installment count and the contract’s interest in percent. Empty: single payments only."
          error={errors.installmentRates}
        />
        <CheckboxField name="isDefault" label="Default account" hint="Takes every payment no other account’s program claims. Your first account is the default." />
        <button type="submit" disabled={pending} className={buttonClass.primary}>
          {pending ? 'Adding…' : 'Add bank account'}
        </button>
      </form>
    </div>
  );
}
