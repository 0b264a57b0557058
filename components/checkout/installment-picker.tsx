'use client';

import { Controller, type Control } from 'react-hook-form';
import type { InstallmentChoice } from '@/lib/checkout/action-results';
import { fill, formatAmount, type FormMessages, type Locale } from '@/lib/checkout/i18n';
import type { CheckoutCardForm } from '@/lib/schemas/checkout';
import type { CardFormInput, InstallmentStatus } from './use-card-payment';

export interface InstallmentPickerProps {
  id: string;
  control: Control<CardFormInput, unknown, CheckoutCardForm>;
  status: InstallmentStatus;
  choices: InstallmentChoice[];
  selected: InstallmentChoice;
  error?: string;
  disabled: boolean;
  currency: string;
  currencyDigits: number;
  locale: Locale;
  t: FormMessages;
}

const statusHint = (status: InstallmentStatus, t: FormMessages) =>
  status === 'no-bin' ? t.installmentsHint : status === 'loading' ? t.installmentsLoading : status === 'single-only' ? t.installmentsSingleOnly : '';

/** The installment choices for the typed card: radios in a group named `Installments` (reference §9). */
export function InstallmentPicker({ id, control, status, choices, selected, error, disabled, currency, currencyDigits, locale, t }: InstallmentPickerProps) {
  const shown = status === 'ready' || status === 'single-only';
  return (
    <fieldset className="min-w-0" aria-describedby={error ? `${id}-error` : undefined} disabled={disabled}>
      <legend className="mb-1.5 text-sm font-medium text-slate-800">{t.installments}</legend>
      <p aria-live="polite" className="text-sm text-slate-600 empty:hidden">
        {statusHint(status, t)}
      </p>
      {shown ? (
        <Controller
          control={control}
          name="installmentCount"
          render={({ field }) => (
            <div className="mt-2 divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-300">
              {choices.map((option) => {
                const checked = option.installmentCount === selected.installmentCount;
                const per = formatAmount(option.installmentMinor, currency, currencyDigits, locale);
                const total = formatAmount(option.totalMinor, currency, currencyDigits, locale);
                return (
                  // eslint-disable-next-line jsx-a11y/label-has-associated-control -- the label wraps its radio and its text (count, per installment, total), which sits deeper than the rule looks
                  <label
                    key={option.installmentCount}
                    className={`flex cursor-pointer items-center gap-3 px-3 py-3 has-focus-visible:outline-2 has-focus-visible:-outline-offset-2 has-focus-visible:outline-brand ${checked ? 'bg-teal-50' : 'bg-white hover:bg-slate-50'}`}
                  >
                    <input
                      type="radio"
                      name={field.name}
                      ref={checked ? field.ref : undefined}
                      value={option.installmentCount}
                      checked={checked}
                      onChange={() => { field.onChange(option.installmentCount); }}
                      onBlur={field.onBlur}
                      className="size-4 shrink-0 accent-brand focus-visible:outline-none"
                    />
                    <span className="flex min-w-0 flex-1 flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5">
                      <span className="font-medium text-slate-900">
                        {option.installmentCount === 1 ? t.singlePayment : fill(t.installmentCount, { count: option.installmentCount })}
                      </span>
                      <span className="text-sm text-slate-700 tabular-nums">
                        {option.installmentCount === 1 ? (
                          per
                        ) : (
                          <>
                            <span className="whitespace-nowrap">{fill(t.perInstallment, { count: option.installmentCount, amount: per })}</span>
                            <span aria-hidden="true"> · </span>
                            <span className="sr-only">, </span>
                            <span className="whitespace-nowrap">{fill(t.total, { amount: total })}</span>
                          </>
                        )}
                      </span>
                    </span>
                  </label>
                );
              })}
            </div>
          )}
        />
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1.5 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
