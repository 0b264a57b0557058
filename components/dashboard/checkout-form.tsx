'use client';

import Link from 'next/link';
import { CopyField } from './copy-field';
import { CheckboxField, FormMessage, SelectField, TextAreaField, TextField, useDashboardForm, type DashboardAction } from './form-controls';
import { buttonClass, linkClass } from './primitives';

const installmentOptions = [
  { value: '1', label: 'Single payment only' },
  ...Array.from({ length: 11 }, (_, index) => ({ value: String(index + 2), label: `Up to ${index + 2} installments` })),
];

/**
 * Create link: the fields of POST /api/checkout. The server validates with the API's schema; its
 * messages appear under each field. On success the link to send the shopper to is shown to copy.
 */
export function CheckoutForm({ action, currencies }: { action: DashboardAction; currencies: string[] }) {
  const { state, pending, formProps } = useDashboardForm(action);
  const errors = state.fieldErrors ?? {};
  const redirectUrl = state.ok && typeof state.data?.redirectUrl === 'string' ? state.data.redirectUrl : null;
  const checkoutId = state.ok && typeof state.data?.checkoutId === 'string' ? state.data.checkoutId : null;

  return (
    <div className="space-y-4">
      <FormMessage state={state} />
      {redirectUrl && checkoutId ? (
        <div className="rounded-md border border-green-200 bg-white p-3">
          <CopyField label="Checkout link" value={redirectUrl} />
          <p className="mt-1 flex flex-wrap gap-4 text-sm">
            <a href={redirectUrl} target="_blank" rel="noopener noreferrer" className={linkClass}>
              Open the checkout page<span className="sr-only"> (opens in a new tab)</span>
            </a>
            <Link href={`/dashboard/checkouts/${checkoutId}`} className={linkClass}>
              View this checkout link
            </Link>
          </p>
        </div>
      ) : null}
      <form {...formProps} aria-label="Create checkout link" className="space-y-4">
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <TextField name="orderId" label="Order id" required maxLength={64} autoComplete="off" error={errors.orderId} hint="Your reference: 1–64 of A–Z, a–z, 0–9, “.”, “_”, “-”." />
          <div className="grid grid-cols-[1fr_7rem] gap-2">
            <TextField name="amount" label="Amount" required inputMode="decimal" autoComplete="off" error={errors.amount} hint="In major units, e.g. 149.90" />
            <SelectField name="currency" label="Currency" options={currencies.map((code) => ({ value: code, label: code }))} error={errors.currency} />
          </div>
          <TextAreaField name="description" label="Description (optional)" maxLength={500} error={errors.description} hint="Shown to the shopper on the checkout page." className="sm:col-span-2" />
          <TextField
            name="callback"
            label="Callback URL"
            type="url"
            required
            autoComplete="off"
            placeholder="https://shop.example/kasa/callback"
            error={errors.callback}
            hint="Kasa POSTs checkoutId here after every payment attempt."
          />
          <TextField
            name="returnUrl"
            label="Return URL (optional)"
            type="url"
            autoComplete="off"
            placeholder="https://shop.example/orders/123"
            error={errors.returnUrl}
            hint="Where the shopper goes after the result page."
          />
          <TextField name="customerId" label="Customer id (optional)" maxLength={64} autoComplete="off" error={errors.customerId} />
          <TextField
            name="expiresInMinutes"
            label="Expires after (minutes)"
            type="number"
            min={5}
            max={10080}
            step={1}
            defaultValue="30"
            error={errors.expiresInMinutes}
            hint="5 minutes to 7 days (10080)."
          />
          <SelectField name="maxInstallmentCount" label="Installments" options={installmentOptions} error={errors.maxInstallmentCount} hint="Offered to domestic credit cards with a loyalty program." />
          <div className="pt-5">
            <CheckboxField name="interestPaidByCustomer" label="Customer pays installment interest" hint="Otherwise you bear the installment rate in your commission." />
          </div>
        </div>
        <div className="flex items-center gap-3 border-t border-slate-200 pt-4">
          <button type="submit" disabled={pending} className={buttonClass.primary}>
            {pending ? 'Creating…' : 'Create link'}
          </button>
          <Link href="/dashboard/checkouts" className={buttonClass.secondary}>
            Cancel
          </Link>
        </div>
      </form>
    </div>
  );
}
