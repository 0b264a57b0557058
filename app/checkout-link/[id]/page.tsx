import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { cache, type ReactNode } from 'react';
import { CardForm } from '@/components/checkout/lazy-card-form';
import { FailedAttempt, Receipt, StatusNotice } from '@/components/checkout/results';
import { CheckoutShell, Panel } from '@/components/checkout/shell';
import { OrderSummary } from '@/components/checkout/summary';
import { fill, formatAmount, LANGUAGE_COOKIE, messages, negotiateLocale, type Locale } from '@/lib/checkout/i18n';
import { getCheckoutPageView } from '@/lib/checkout/view';
import { config } from '@/lib/config';
import { currencyExponent } from '@/lib/money';
import { loadInstallmentOptions, startPayment } from './actions';

type SearchParams = Record<string, string | string[] | undefined>;
type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** One database read per request, shared by the metadata and the page. */
const loadView = cache((checkoutId: string, resultPaymentId: string | undefined) => getCheckoutPageView(checkoutId, resultPaymentId));

async function shopperLocale(query: SearchParams): Promise<Locale> {
  const [headerList, cookieStore] = await Promise.all([headers(), cookies()]);
  return negotiateLocale({
    query: query.lang,
    cookie: cookieStore.get(LANGUAGE_COOKIE)?.value,
    acceptLanguage: headerList.get('accept-language'),
  });
}

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const [locale, view] = await Promise.all([shopperLocale(query), loadView(id, first(query.result))]);
  const title = view ? fill(messages[locale].title, { merchant: view.merchantName }) : messages[locale].notFound.heading;
  return { title: `${title} · Kasa`, robots: { index: false, follow: false }, referrer: 'no-referrer' };
}

// GET /checkout-link/{checkoutId} — the hosted checkout page (reference §7); headers come from proxy.ts
export default async function CheckoutLinkPage({ params, searchParams }: Props) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const resultId = first(query.result);
  const [locale, view] = await Promise.all([shopperLocale(query), loadView(id, resultId)]);
  if (!view) notFound();
  const t = messages[locale];

  const pagePath = `/checkout-link/${encodeURIComponent(view.checkoutId)}`;
  const languageHref = (option: Locale) => {
    const search = new URLSearchParams(resultId ? { result: resultId, lang: option } : { lang: option });
    return `${pagePath}?${search}`;
  };
  const shell = (children: ReactNode) => (
    <CheckoutShell locale={locale} t={t} languageHref={languageHref} testMode={config.mode === 'sandbox'}>
      {children}
    </CheckoutShell>
  );

  // Paid is final: whatever ?result names, the shopper sees the receipt.
  const receipt = view.paid ?? (view.result?.status === 'SUCCESS' ? view.result : null);
  if (receipt) {
    return shell(
      <Receipt
        attempt={receipt}
        merchantName={view.merchantName}
        orderId={view.orderId}
        currency={view.currency}
        returnUrl={view.returnUrl}
        locale={locale}
        t={t}
      />,
    );
  }
  const amountText = formatAmount(view.amountMinor, view.currency, currencyExponent(view.currency) ?? 2, locale);
  const caption = `${view.merchantName} · ${amountText}`;
  const state = view.state === 'PAID' ? 'CLOSED' : view.state;
  const failed = view.result?.status === 'FAILED' ? view.result : null;
  if (failed || state === 'CLOSED') {
    return shell(
      <FailedAttempt
        attempt={failed}
        state={state}
        attemptsLeft={view.attemptsLeft}
        retryHref={pagePath}
        merchantName={view.merchantName}
        caption={caption}
        returnUrl={view.returnUrl}
        locale={locale}
        t={t}
      />,
    );
  }
  if (state === 'EXPIRED') {
    return shell(
      <StatusNotice
        heading={t.expired.heading}
        text={t.expired.text}
        caption={caption}
        merchantName={view.merchantName}
        returnUrl={view.returnUrl}
        t={t}
      />,
    );
  }

  return shell(
    <div className="grid gap-6 md:grid-cols-[minmax(0,5fr)_minmax(0,6fr)] md:gap-12">
      <OrderSummary
        merchantName={view.merchantName}
        amountMinor={view.amountMinor}
        currency={view.currency}
        description={view.description}
        orderId={view.orderId}
        interestNote={view.interestPaidByCustomer && view.maxInstallmentCount > 1}
        locale={locale}
        t={t}
      />
      <Panel>
        {config.mode === 'sandbox' ? (
          <p className="mb-5 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">{t.testModeHint}</p>
        ) : null}
        <CardForm
          checkoutId={view.checkoutId}
          amountMinor={view.amountMinor}
          amountText={amountText}
          currency={view.currency}
          currencyDigits={currencyExponent(view.currency) ?? 2}
          maxInstallmentCount={view.maxInstallmentCount}
          locale={locale}
          t={t.form}
          loadInstallmentOptions={loadInstallmentOptions}
          startPayment={startPayment}
        />
      </Panel>
    </div>,
  );
}
