'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import valid from 'card-validator';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Controller, useForm, useWatch, type FieldPath, type Resolver } from 'react-hook-form';
import type { z } from 'zod';
import type { StartPaymentResult } from '@/app/checkout-link/[id]/actions';
import { cardGaps, cvvLength, detectScheme, type CardScheme } from '@/lib/cards';
import { fill, formatAmount, type FormMessages, type Locale } from '@/lib/checkout/i18n';
import type { checkoutCardFormSchema, CheckoutCardForm } from '@/lib/schemas/checkout';

/** One installment choice as the page shows it (single payment included). */
interface InstallmentOption {
  installmentCount: number;
  installmentMinor: number;
  interestMinor: number;
  totalMinor: number;
}

type Challenge = { url: string; fields: Record<string, string> };

export interface CardFormProps {
  checkoutId: string;
  amountMinor: number;
  currency: string;
  /** The currency's ISO 4217 decimals. */
  currencyDigits: number;
  maxInstallmentCount: number;
  locale: Locale;
  t: FormMessages;
  loadInstallmentOptions: (checkoutId: string, bin: string) => Promise<{ options: InstallmentOption[] }>;
  startPayment: (checkoutId: string, form: CheckoutCardForm) => Promise<StartPaymentResult>;
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

/** Codes that mean the checkout itself changed: reload it to show its current page. */
const STATE_CODES = new Set(['CHECKOUT_EXPIRED', 'CHECKOUT_PAID', 'CHECKOUT_CLOSED', 'NOT_FOUND']);

const FORM_FIELDS: FieldPath<CheckoutCardForm>[] = ['cardHolderName', 'pan', 'expiry', 'cvv', 'installmentCount'];

const DEBOUNCE_MS = 250;

/** Grouping while the brand is not yet known. */
const DEFAULT_GAPS = [4, 8, 12, 16];

type CardFormInput = z.input<typeof checkoutCardFormSchema>;

/**
 * The API's own form schema (zod, with the ISO currency table it imports) weighs more than the rest
 * of the page's JavaScript, so it is fetched when the shopper first focuses or touches the form
 * instead of with the page (evaluating it would otherwise block the main thread while the page
 * loads); validation waits for it in the rare case the shopper is faster. Should the chunk not load
 * at all, the form goes on and the server action's validation (the same schema) answers instead.
 */
let schemaModule: Promise<typeof import('./card-form-schema')> | undefined;
const loadSchema = () =>
  (schemaModule ??= import('./card-form-schema').catch((error: unknown) => {
    schemaModule = undefined;
    throw error;
  }));
const resolver: Resolver<CardFormInput, unknown, CheckoutCardForm> = async (values, context, options) => {
  let schema;
  try {
    schema = (await loadSchema()).checkoutCardFormSchema;
  } catch {
    return { values: values as CheckoutCardForm, errors: {} };
  }
  return zodResolver(schema)(values, context, options);
};

/** `4546710000000007` → `4546 7100 0000 0007` at the brand's gaps. */
function groupDigits(digits: string, gaps: number[]): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && gaps.includes(i)) out += ' ';
    out += digits[i];
  }
  return out;
}

function maxPanLength(digits: string): number {
  const lengths = digits ? valid.number(digits).card?.lengths : undefined;
  return lengths?.length ? Math.max(...lengths) : 19;
}

/** Typed or pasted expiry → `MM/YY` as far as typed, inserting the slash (and a leading 0 for 2–9). */
function formatExpiry(raw: string, previous: string): string {
  const full = /^\s*(\d{1,2})\s*\/\s*(\d{4})\s*$/.exec(raw);
  if (full) return `${full[1]!.padStart(2, '0')}/${full[2]!.slice(2)}`;
  let digits = raw.replace(/\D/g, '');
  if (/^\d\s*\//.test(raw) || (digits.length === 1 && digits > '1')) digits = `0${digits}`;
  digits = digits.slice(0, 4);
  if (digits.length > 2) return `${digits.slice(0, 2)}/${digits.slice(2)}`;
  if (digits.length === 2 && raw.length >= previous.length) return `${digits}/`;
  return digits;
}

/** The caret after the n-th digit of a formatted value. */
function caretAfterDigits(value: string, n: number): number {
  if (n <= 0) return 0;
  let seen = 0;
  for (let i = 0; i < value.length; i++) {
    if (/\d/.test(value[i]!) && ++seen === n) return i + 1;
  }
  return value.length;
}

const inputClass =
  'block w-full rounded-lg border border-slate-300 bg-white px-3 py-2.5 text-base text-slate-900 shadow-xs placeholder:text-slate-500 ' +
  'focus:border-brand focus:outline-2 focus:outline-offset-0 focus:outline-brand aria-invalid:border-red-700 aria-invalid:focus:outline-red-700 ' +
  'disabled:bg-slate-100';

function Field({
  id,
  label,
  hint,
  error,
  aside,
  children,
  className = '',
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  /** Shown at the end of the label's row (the card brand). */
  aside?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={className}>
      <div className="mb-1.5 flex min-h-5 items-end justify-between gap-2">
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">
          {label}
        </label>
        {aside}
      </div>
      {children}
      {hint && !error ? (
        <p id={`${id}-hint`} className="mt-1.5 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1.5 flex items-start gap-1.5 text-sm text-red-700">
          <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="mt-0.5 size-4 shrink-0">
            <path
              fillRule="evenodd"
              d="M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0Zm-8-5a.75.75 0 0 1 .75.75v4.5a.75.75 0 0 1-1.5 0v-4.5A.75.75 0 0 1 10 5Zm0 10a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z"
              clipRule="evenodd"
            />
          </svg>
          <span>{error}</span>
        </p>
      ) : null}
    </div>
  );
}

/** aria-describedby for a field: its error when there is one, else its hint. */
const describedBy = (id: string, hasError: boolean, hasHint = false) =>
  hasError ? `${id}-error` : hasHint ? `${id}-hint` : undefined;

/**
 * The hosted checkout's card form: validated in the browser with the schema the server action uses,
 * live installment options for the typed BIN, then 3-D Secure in an iframe. Card data stays in this
 * component's memory and the server action's request body: never in a URL, storage or the console.
 */
export function CardForm({
  checkoutId,
  amountMinor,
  currency,
  currencyDigits,
  maxInstallmentCount,
  locale,
  t,
  loadInstallmentOptions,
  startPayment,
}: CardFormProps) {
  // Until React has taken over the form, Pay stays disabled: a browser submitting the form by itself
  // would send the card fields to the server as a plain form post.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const prefetchSchema = () => void loadSchema().catch(() => {});

  const uid = useId();
  const ids = {
    name: `${uid}-name`,
    pan: `${uid}-pan`,
    expiry: `${uid}-expiry`,
    cvv: `${uid}-cvv`,
    installments: `${uid}-installments`,
    failure: `${uid}-failure`,
  };
  const {
    control,
    register,
    handleSubmit,
    setError,
    setValue,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<CardFormInput, unknown, CheckoutCardForm>({
    resolver,
    mode: 'onTouched',
    defaultValues: { cardHolderName: '', pan: '', expiry: '', cvv: '', installmentCount: 1 },
  });
  const pan = useWatch({ control, name: 'pan' });
  const installmentCount = useWatch({ control, name: 'installmentCount' });
  const scheme = detectScheme(pan);
  const codeLength = scheme ? cvvLength(scheme) : 3;

  const [failure, setFailure] = useState<string | null>(null);
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [leaving, setLeaving] = useState(false);

  // Installment options for the typed BIN (6 digits, 8 once typed), debounced; late answers are dropped.
  const offersInstallments = maxInstallmentCount > 1;
  const bin = !offersInstallments ? '' : pan.length >= 8 ? pan.slice(0, 8) : pan.length >= 6 ? pan.slice(0, 6) : '';
  const [quote, setQuote] = useState<{ bin: string; options: InstallmentOption[] } | null>(null);
  const latestRequest = useRef(0);
  useEffect(() => {
    const request = ++latestRequest.current;
    if (!bin) {
      setQuote(null);
      return;
    }
    const timer = setTimeout(() => {
      loadInstallmentOptions(checkoutId, bin)
        .then(({ options }) => options, () => [])
        .then((options) => {
          if (request === latestRequest.current) setQuote({ bin, options });
        });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [bin, checkoutId, loadInstallmentOptions]);

  // While the 8-digit answer is on its way, the 6-digit one (same card range) stays on screen.
  const shownQuote = quote && bin && quote.bin.slice(0, 6) === bin.slice(0, 6) ? quote : null;
  const loadingOptions = Boolean(bin) && quote?.bin !== bin;
  const single: InstallmentOption = { installmentCount: 1, installmentMinor: amountMinor, interestMinor: 0, totalMinor: amountMinor };
  const choices = shownQuote ? [single, ...shownQuote.options.filter((option) => option.installmentCount > 1)] : [single];
  const selected = choices.find((option) => option.installmentCount === installmentCount) ?? single;

  useEffect(() => {
    if (selected.installmentCount !== installmentCount) setValue('installmentCount', 1);
  }, [selected.installmentCount, installmentCount, setValue]);

  // 3-D Secure: once the iframe is in the page, post the enrollment's fields into it.
  const challengeForm = useRef<HTMLFormElement>(null);
  const challengeSection = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!challenge) return;
    challengeForm.current?.requestSubmit();
    // Focus is left free (the Pay button is gone) so the issuer page's autofocus lands on its code field.
    challengeSection.current?.scrollIntoView({ block: 'start' });
  }, [challenge]);

  const panCaret = useRef<number | null>(null);
  const panInput = useRef<HTMLInputElement | null>(null);
  useEffect(() => {
    if (panCaret.current !== null && panInput.current && document.activeElement === panInput.current) {
      panInput.current.setSelectionRange(panCaret.current, panCaret.current);
    }
    panCaret.current = null;
  });

  function errorText(field: FieldPath<CheckoutCardForm>, message: string | undefined): string | undefined {
    if (message === undefined) return undefined;
    switch (field) {
      case 'cardHolderName':
        return t.errors.cardHolderName;
      case 'pan':
        return t.errors.pan;
      case 'expiry':
        return /expired/i.test(message) ? t.errors.expired : t.errors.expiry;
      case 'cvv':
        return fill(t.errors.cvv, { digits: codeLength });
      default:
        return t.errors.installmentCount;
    }
  }

  const onSubmit = handleSubmit(async (form) => {
    setFailure(null);
    let result: StartPaymentResult;
    try {
      result = await startPayment(checkoutId, form);
    } catch {
      setFailure(t.failures.generic);
      return;
    }
    if (result.ok) {
      // Card data leaves memory with the form; only the enrollment's fields go on.
      setValue('pan', '');
      setValue('cvv', '');
      if (result.next.kind === 'challenge') {
        setChallenge({ url: result.next.url, fields: result.next.fields });
      } else {
        setLeaving(true);
        window.location.assign(`/checkout-link/${encodeURIComponent(checkoutId)}?result=${encodeURIComponent(result.next.paymentId)}`);
      }
      return;
    }
    if (STATE_CODES.has(result.code)) {
      setLeaving(true);
      window.location.assign(`/checkout-link/${encodeURIComponent(checkoutId)}`);
      return;
    }
    const fieldErrors = (Object.entries(result.fieldErrors ?? {}) as [FieldPath<CheckoutCardForm>, string][]).filter(([field]) =>
      FORM_FIELDS.includes(field),
    );
    for (const [field, message] of fieldErrors) setError(field, { type: 'server', message });
    if (result.code === 'INSTALLMENT_NOT_AVAILABLE') {
      setValue('installmentCount', 1);
      setFailure(t.failures.INSTALLMENT_NOT_AVAILABLE);
    } else if (result.code === 'RATE_LIMITED') {
      setFailure(t.failures.RATE_LIMITED);
    } else if (fieldErrors.length > 0) {
      setFocus(fieldErrors[0]![0]);
    } else {
      setFailure(t.failures.generic);
    }
  });

  const busy = isSubmitting || leaving;
  const payLabel = fill(t.pay, { amount: formatAmount(selected.totalMinor, currency, currencyDigits, locale) });

  if (challenge) {
    return (
      <section ref={challengeSection} aria-labelledby={`${uid}-challenge`} className="scroll-mt-4 space-y-3">
        <h2 id={`${uid}-challenge`} className="text-lg font-semibold text-slate-900">
          {t.challengeHeading}
        </h2>
        <p className="text-sm text-slate-600">{t.challengeHint}</p>
        <iframe
          title="3-D Secure"
          name="kasa-3ds"
          className="block h-[640px] w-full rounded-lg border border-slate-200 bg-white sm:h-[480px]"
        />
        <form ref={challengeForm} method="post" action={challenge.url} target="kasa-3ds" className="hidden">
          {Object.entries(challenge.fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
        </form>
      </section>
    );
  }

  const nameError = errorText('cardHolderName', errors.cardHolderName?.message);
  const panError = errorText('pan', errors.pan?.message);
  const expiryError = errorText('expiry', errors.expiry?.message);
  const cvvError = errorText('cvv', errors.cvv?.message);
  const installmentError = errorText('installmentCount', errors.installmentCount?.message);
  const schemeName = scheme ? (SCHEME_NAMES[scheme] ?? scheme) : null;

  return (
    <>
      <form
        method="post"
        onSubmit={onSubmit}
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
                  onChange={(event) => field.onChange(formatExpiry(event.target.value, field.value))}
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
                  onChange={(event) => field.onChange(event.target.value.replace(/\D/g, '').slice(0, scheme ? codeLength : 4))}
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

        {offersInstallments ? (
          <fieldset
            className="min-w-0"
            aria-describedby={installmentError ? `${ids.installments}-error` : undefined}
            disabled={busy}
          >
            <legend className="mb-1.5 text-sm font-medium text-slate-800">{t.installments}</legend>
            <p aria-live="polite" className="text-sm text-slate-600 empty:hidden">
              {!bin ? t.installmentsHint : loadingOptions && !shownQuote ? t.installmentsLoading : shownQuote && choices.length === 1 ? t.installmentsSingleOnly : ''}
            </p>
            {shownQuote ? (
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
                            onChange={() => field.onChange(option.installmentCount)}
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
            {installmentError ? (
              <p id={`${ids.installments}-error`} role="alert" className="mt-1.5 text-sm text-red-700">
                {installmentError}
              </p>
            ) : null}
          </fieldset>
        ) : null}

        <noscript>
          <p className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900">{t.needsJavaScript}</p>
        </noscript>
        {failure ? (
          <div id={ids.failure} role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2.5 text-sm text-red-800">
            {failure}
          </div>
        ) : null}

        <button
          type="submit"
          disabled={busy || !hydrated}
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
          <span>{payLabel}</span>
        </button>
      </form>
      <p aria-live="polite" className="sr-only">
        {busy ? t.processing : ''}
      </p>
    </>
  );
}
