'use client';

import { useEffect, useId, useRef } from 'react';
import { Controller } from 'react-hook-form';
import { cardGaps, detectScheme, type CardScheme } from '@/lib/cards';
import { fill, formatAmount, type FormMessages, type Locale } from '@/lib/checkout/i18n';
import { caretAfterDigits, DEFAULT_GAPS, formatExpiry, groupDigits, maxPanLength } from './card-input-format';
import { describedBy, Field, inputClass } from './field';
import { InstallmentPicker } from './installment-picker';
import { ThreeDsFrame } from './three-ds-frame';
import { useCardPayment, type CardPaymentOptions } from './use-card-payment';

export interface CardFormProps extends CardPaymentOptions {
  /**
   * `amountMinor` as the server formatted it, for Pay while the total is the amount. The browser's
   * first Intl.NumberFormat sets up ICU's number data (some 50 ms of main thread on a phone): with
   * this, that happens when installment options are shown, not while the form hydrates.
   */
  amountText: string;
  currency: string;
  /** The currency's ISO 4217 decimals. */
  currencyDigits: number;
  locale: Locale;
  t: FormMessages;
}

const SCHEME_NAMES: Partial<Record<CardScheme, string>> = {
  VISA: 'Visa',
  MASTERCARD: 'Mastercard',
  AMEX: 'American Express',
  TROY: 'Troy',
  DISCOVER: 'Discover',
  JCB: 'JCB',
  DINERS: 'Diners Club',
  UNIONPAY: 'UnionPay',
  MAESTRO: 'Maestro',
  MIR: 'Mir',
  ELO: 'Elo',
  HIPERCARD: 'Hipercard',
};

/**
 * The hosted checkout's card form: the card fields (accessible names of reference §9), the
 * installment picker and Pay; the flow behind them lives in useCardPayment, 3-D Secure in ThreeDsFrame.
 */
export function CardForm({ amountText, currency, currencyDigits, locale, t, ...flow }: CardFormProps) {
  const { form, errors, busy, hydrated, prefetchSchema, scheme, codeLength, installments, challenge, failure, errorText, onSubmit } =
    useCardPayment({ ...flow, t });
  const { control, register } = form;

  const uid = useId();
  const ids = {
    name: `${uid}-name`,
    pan: `${uid}-pan`,
    expiry: `${uid}-expiry`,
    cvv: `${uid}-cvv`,
    installments: `${uid}-installments`,
    failure: `${uid}-failure`,
  };

  // Regrouping the digits moves the caret to the end; put it back after the digit it followed.
  const panCaret = useRef<number | null>(null);
  const panInput = useRef<HTMLInputElement | null>(null);
  useEffect(() => {
    if (panCaret.current !== null && panInput.current && document.activeElement === panInput.current) {
      panInput.current.setSelectionRange(panCaret.current, panCaret.current);
    }
    panCaret.current = null;
  });

  if (challenge) return <ThreeDsFrame challenge={challenge} t={t} />;

  const nameError = errorText('cardHolderName', errors.cardHolderName?.message);
  const panError = errorText('pan', errors.pan?.message);
  const expiryError = errorText('expiry', errors.expiry?.message);
  const cvvError = errorText('cvv', errors.cvv?.message);
  const installmentError = errorText('installmentCount', errors.installmentCount?.message);
  const schemeName = scheme ? (SCHEME_NAMES[scheme] ?? scheme) : null;
  const total = installments.selected.totalMinor;
  const payLabel = fill(t.pay, { amount: total === flow.amountMinor ? amountText : formatAmount(total, currency, currencyDigits, locale) });

  return (
    <>
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions -- onFocus/onPointerDown are delegated from the card fields inside (they bubble): the first touch of any field prefetches the schema; the form itself takes no input */}
      <form
        method="post"
        onSubmit={(event) => { void onSubmit(event); }}
        onFocus={prefetchSchema}
        onPointerDown={prefetchSchema}
        noValidate
        aria-busy={busy}
        className="space-y-5"
      >
        <Field id={ids.name} label={t.cardHolderName} error={nameError}>
          <input
            id={ids.name}
            type="text"
            autoComplete="cc-name"
            autoCapitalize="words"
            spellCheck={false}
            maxLength={100}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={describedBy(ids.name, Boolean(nameError))}
            disabled={busy}
            className={inputClass}
            {...register('cardHolderName')}
          />
        </Field>

        <Field
          id={ids.pan}
          label={t.cardNumber}
          error={panError}
          aside={
            schemeName ? (
              <span aria-hidden="true" className="rounded border border-slate-300 bg-slate-50 px-1.5 text-xs leading-5 font-semibold text-slate-700">
                {schemeName}
              </span>
            ) : null
          }
        >
          <Controller
            control={control}
            name="pan"
            render={({ field }) => (
              <input
                id={ids.pan}
                ref={(element) => {
                  field.ref(element);
                  panInput.current = element;
                }}
                name={field.name}
                type="text"
                inputMode="numeric"
                autoComplete="cc-number"
                placeholder="1234 1234 1234 1234"
                value={groupDigits(field.value, scheme ? cardGaps(scheme) : DEFAULT_GAPS)}
                onChange={(event) => {
                  const raw = event.target.value;
                  const caret = event.target.selectionStart ?? raw.length;
                  const typed = raw.replace(/\D/g, '');
                  const digits = typed.slice(0, maxPanLength(typed));
                  const digitsBeforeCaret = Math.min(raw.slice(0, caret).replace(/\D/g, '').length, digits.length);
                  const nextScheme = detectScheme(digits);
                  const formatted = groupDigits(digits, nextScheme ? cardGaps(nextScheme) : DEFAULT_GAPS);
                  panCaret.current = caret >= raw.length ? null : caretAfterDigits(formatted, digitsBeforeCaret);
                  field.onChange(digits);
                }}
                onBlur={field.onBlur}
                aria-invalid={panError ? true : undefined}
                aria-describedby={describedBy(ids.pan, Boolean(panError))}
                disabled={busy}
                className={`${inputClass} tabular-nums`}
              />
            )}
          />
          <span aria-live="polite" className="sr-only">
            {schemeName ? fill(t.brandDetected, { brand: schemeName }) : ''}
          </span>
        </Field>

        <div className="grid grid-cols-2 gap-4">
          <Field id={ids.expiry} label={t.expiry} error={expiryError}>
            <Controller
              control={control}
              name="expiry"
              render={({ field }) => (
                <input
                  id={ids.expiry}
                  ref={field.ref}
                  name={field.name}
                  type="text"
                  inputMode="numeric"
                  autoComplete="cc-exp"
                  placeholder={t.expiryPlaceholder}
                  maxLength={7}
                  value={field.value}
                  onChange={(event) => { field.onChange(formatExpiry(event.target.value, field.value)); }}
                  onBlur={field.onBlur}
                  aria-invalid={expiryError ? true : undefined}
                  aria-describedby={describedBy(ids.expiry, Boolean(expiryError))}
                  disabled={busy}
                  className={`${inputClass} tabular-nums`}
                />
              )}
            />
          </Field>
          <Field id={ids.cvv} label={t.securityCode} hint={codeLength === 4 ? t.securityCodeHint4 : t.securityCodeHint3} error={cvvError}>
            <Controller
              control={control}
              name="cvv"
              render={({ field }) => (
                <input
                  id={ids.cvv}
                  ref={field.ref}
                  name={field.name}
                  type="text"
                  inputMode="numeric"
                  autoComplete="cc-csc"
                  placeholder={codeLength === 4 ? '1234' : '123'}
                  maxLength={scheme ? codeLength : 4}
                  value={field.value}
                  onChange={(event) => { field.onChange(event.target.value.replace(/\D/g, '').slice(0, scheme ? codeLength : 4)); }}
                  onBlur={field.onBlur}
                  aria-invalid={cvvError ? true : undefined}
                  aria-describedby={describedBy(ids.cvv, Boolean(cvvError), true)}
                  disabled={busy}
                  className={`${inputClass} tabular-nums`}
                />
              )}
            />
          </Field>
        </div>

        {installments.offered ? (
          <InstallmentPicker
            id={ids.installments}
            control={control}
            status={installments.status}
            choices={installments.choices}
            selected={installments.selected}
            error={installmentError}
            disabled={busy}
            currency={currency}
            currencyDigits={currencyDigits}
            locale={locale}
            t={t}
          />
        ) : null}

        <noscript>
          <p className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900">{t.needsJavaScript}</p>
        </noscript>
        {failure ? (
          <div id={ids.failure} role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2.5 text-sm text-red-800">
            {failure}
          </div>
        ) : null}

        <PayButton busy={busy} disabled={busy || !hydrated} label={payLabel} />
      </form>
      <p aria-live="polite" className="sr-only">
        {busy ? t.processing : ''}
      </p>
    </>
  );
}

function PayButton({ busy, disabled, label }: { busy: boolean; disabled: boolean; label: string }) {
  return (
    <button
      type="submit"
      disabled={disabled}
      className="flex w-full items-center justify-center gap-2 rounded-lg bg-brand px-4 py-3 text-base font-semibold text-white shadow-sm hover:bg-brand-dark focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand disabled:cursor-wait disabled:opacity-80"
    >
      {busy ? (
        <svg aria-hidden="true" viewBox="0 0 24 24" fill="none" className="size-5 animate-spin">
          <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.3" strokeWidth="3" />
          <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
        </svg>
      ) : (
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4">
          <path
            fillRule="evenodd"
            d="M10 1a4.5 4.5 0 0 0-4.5 4.5V9H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6a2 2 0 0 0-2-2h-.5V5.5A4.5 4.5 0 0 0 10 1Zm3 8V5.5a3 3 0 1 0-6 0V9h6Z"
            clipRule="evenodd"
          />
        </svg>
      )}
      <span>{label}</span>
    </button>
  );
}
