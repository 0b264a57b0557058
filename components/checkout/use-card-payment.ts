'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState } from 'react';
import { useForm, useWatch, type FieldPath, type Resolver } from 'react-hook-form';
import type { z } from 'zod';
import type { InstallmentChoice, StartPaymentResult } from '@/lib/checkout/action-results';
import { cvvLength, detectScheme } from '@/lib/cards';
import { fill, type FormMessages } from '@/lib/checkout/i18n';
import type { checkoutCardFormSchema, CheckoutCardForm } from '@/lib/schemas/checkout';
import type { Challenge } from './three-ds-frame';

export type CardFormInput = z.input<typeof checkoutCardFormSchema>;

export interface CardPaymentOptions {
  checkoutId: string;
  amountMinor: number;
  maxInstallmentCount: number;
  t: FormMessages;
  loadInstallmentOptions: (checkoutId: string, bin: string) => Promise<{ options: InstallmentChoice[] }>;
  startPayment: (checkoutId: string, form: CheckoutCardForm) => Promise<StartPaymentResult>;
}

/** Where the installment choices stand: no BIN typed yet, loading, only a single payment, or offered. */
export type InstallmentStatus = 'no-bin' | 'loading' | 'single-only' | 'ready';

/** Codes that mean the checkout itself changed: reload it to show its current page. */
const STATE_CODES = new Set(['CHECKOUT_EXPIRED', 'CHECKOUT_PAID', 'CHECKOUT_CLOSED', 'NOT_FOUND']);
const FORM_FIELDS: FieldPath<CheckoutCardForm>[] = ['cardHolderName', 'pan', 'expiry', 'cvv', 'installmentCount'];
const DEBOUNCE_MS = 250;

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
    return { values: values, errors: {} };
  }
  return zodResolver(schema)(values, context, options);
};

/**
 * The card form's flow: validation with the schema the server action uses, live installment options
 * for the typed BIN, the Pay action and where it leads (3-D Secure challenge, result page, or the
 * checkout's current page). Card data stays in this hook's memory and the server action's request
 * body: never in a URL, storage or the console.
 */
export function useCardPayment({ checkoutId, amountMinor, maxInstallmentCount, t, loadInstallmentOptions, startPayment }: CardPaymentOptions) {
  // Until React has taken over the form, Pay stays disabled: a browser submitting the form by itself
  // would send the card fields to the server as a plain form post.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => { setHydrated(true); }, []);
  const prefetchSchema = () => void loadSchema().catch(() => {});

  const form = useForm<CardFormInput, unknown, CheckoutCardForm>({
    resolver,
    mode: 'onTouched',
    defaultValues: { cardHolderName: '', pan: '', expiry: '', cvv: '', installmentCount: 1 },
  });
  const { control, handleSubmit, setError, setValue, setFocus, formState } = form;
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
  const [quote, setQuote] = useState<{ bin: string; options: InstallmentChoice[] } | null>(null);
  const latestRequest = useRef(0);
  useEffect(() => {
    const request = ++latestRequest.current;
    if (!bin) {
      setQuote(null);
      return;
    }
    const timer = setTimeout(() => {
      void loadInstallmentOptions(checkoutId, bin)
        .then(({ options }) => options, () => [])
        .then((options) => {
          if (request === latestRequest.current) setQuote({ bin, options });
        });
    }, DEBOUNCE_MS);
    return () => { clearTimeout(timer); };
  }, [bin, checkoutId, loadInstallmentOptions]);

  // While the 8-digit answer is on its way, the 6-digit one (same card range) stays on screen.
  const shownQuote = quote && bin && quote.bin.slice(0, 6) === bin.slice(0, 6) ? quote : null;
  const single: InstallmentChoice = { installmentCount: 1, installmentMinor: amountMinor, interestMinor: 0, totalMinor: amountMinor };
  const choices = shownQuote ? [single, ...shownQuote.options.filter((option) => option.installmentCount > 1)] : [single];
  const selected = choices.find((option) => option.installmentCount === installmentCount) ?? single;
  const installmentStatus: InstallmentStatus = !bin ? 'no-bin' : !shownQuote ? 'loading' : choices.length === 1 ? 'single-only' : 'ready';

  useEffect(() => {
    if (selected.installmentCount !== installmentCount) setValue('installmentCount', 1);
  }, [selected.installmentCount, installmentCount, setValue]);

  /** The shopper-facing text for a field's validation message (from the browser or the server). */
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

  const onSubmit = handleSubmit(async (values) => {
    setFailure(null);
    let result: StartPaymentResult;
    try {
      result = await startPayment(checkoutId, values);
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
      setFocus(fieldErrors[0][0]);
    } else {
      setFailure(t.failures.generic);
    }
  });

  return {
    form,
    errors: formState.errors,
    busy: formState.isSubmitting || leaving,
    hydrated,
    prefetchSchema,
    scheme,
    codeLength,
    installments: { offered: offersInstallments, status: installmentStatus, choices, selected },
    challenge,
    failure,
    errorText,
    onSubmit,
  };
}
