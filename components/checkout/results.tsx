import type { ReactNode } from 'react';
import type { CheckoutAttemptView } from '@/lib/checkout/view';
import { failureReason, fill, formatAmount, intlLocale, plural, type Locale, type PageMessages } from '@/lib/checkout/i18n';
import { currencyExponent, splitInstallments } from '@/lib/money';
import { AutoReturn } from './auto-return';
import { Panel } from './shell';

/** Seconds before a successful payment returns the shopper to the merchant's returnUrl. */
export const AUTO_RETURN_SECONDS = 8;

const SCHEME_NAMES: Record<string, string> = {
  VISA: 'Visa',
  MASTERCARD: 'Mastercard',
  AMEX: 'American Express',
  TROY: 'Troy',
};

/** Only absolute http(s) URLs become links (the API validated them; this guards the page anyway). */
const safeUrl = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : null);

function StatusIcon({ kind }: { kind: 'success' | 'failure' | 'info' }) {
  const styles = { success: 'bg-green-100 text-green-800', failure: 'bg-red-100 text-red-800', info: 'bg-slate-200 text-slate-700' }[kind];
  const path = {
    success: 'm5 10.5 3.5 3.5L15 6.5',
    failure: 'M6 6l8 8M14 6l-8 8',
    info: 'M10 6v5M10 14h.01',
  }[kind];
  return (
    <div aria-hidden="true" className={`mx-auto flex size-14 items-center justify-center rounded-full ${styles}`}>
      <svg viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" className="size-7">
        <path d={path} />
      </svg>
    </div>
  );
}

function ResultPanel({
  icon,
  heading,
  caption,
  children,
}: {
  icon: 'success' | 'failure' | 'info';
  heading: string;
  /** What the page is about (merchant · amount), under the heading. */
  caption?: string;
  children: ReactNode;
}) {
  return (
    <Panel className="mx-auto max-w-md text-center">
      <StatusIcon kind={icon} />
      <h1 className="mt-4 text-2xl font-semibold tracking-tight text-slate-900">{heading}</h1>
      {caption ? <p className="mt-1 text-sm text-slate-600">{caption}</p> : null}
      {children}
    </Panel>
  );
}

function ReturnLink({ href, merchantName, t, primary }: { href: string; merchantName: string; t: PageMessages; primary?: boolean }) {
  return (
    <a
      href={href}
      rel="noreferrer"
      className={
        primary
          ? 'block w-full rounded-lg bg-brand px-4 py-3 text-center text-base font-semibold text-white shadow-sm hover:bg-brand-dark focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand'
          : 'block w-full rounded-lg border border-slate-300 bg-white px-4 py-3 text-center text-base font-semibold text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand'
      }
    >
      {fill(t.returnTo, { merchant: merchantName })}
    </a>
  );
}

/** The receipt of a successful payment, with the way back to the merchant. */
export function Receipt({
  attempt,
  merchantName,
  orderId,
  currency,
  returnUrl,
  locale,
  t,
}: {
  attempt: CheckoutAttemptView;
  merchantName: string;
  orderId: string;
  currency: string;
  returnUrl: string | null;
  locale: Locale;
  t: PageMessages;
}) {
  const digits = currencyExponent(currency) ?? 2;
  const money = (minor: number) => formatAmount(minor, currency, digits, locale);
  const installments =
    attempt.installmentCount > 1
      ? fill(t.form.perInstallment, {
          count: attempt.installmentCount,
          amount: money(splitInstallments(attempt.totalMinor, attempt.installmentCount).installmentMinor),
        })
      : t.form.singlePayment;
  const date = new Intl.DateTimeFormat(intlLocale[locale], {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone: 'Europe/Istanbul',
  }).format(attempt.date);
  const rows: [string, ReactNode][] = [
    [t.success.merchant, merchantName],
    ...(attempt.interestMinor > 0
      ? ([
          [t.success.orderAmount, money(attempt.amountMinor)],
          [t.success.interest, money(attempt.interestMinor)],
        ] as [string, ReactNode][])
      : []),
    [t.success.installments, installments],
    [t.success.card, `${SCHEME_NAMES[attempt.cardScheme] ?? attempt.cardScheme} ${attempt.panMasked}`],
    ...(attempt.authCode ? ([[t.success.authCode, attempt.authCode]] as [string, ReactNode][]) : []),
    [t.success.orderId, orderId],
    [t.success.date, date],
  ];
  const back = safeUrl(returnUrl);
  return (
    <ResultPanel icon="success" heading={t.success.heading}>
      <p className="mt-2 text-slate-600">{fill(t.success.lead, { merchant: merchantName })}</p>
      <p className="mt-5 text-sm text-slate-600">{t.success.amount}</p>
      <p className="text-3xl font-semibold tracking-tight text-slate-900 tabular-nums">{money(attempt.totalMinor)}</p>
      <dl className="mt-6 divide-y divide-slate-200 border-y border-slate-200 text-left text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="flex flex-wrap justify-between gap-x-4 gap-y-0.5 py-2.5">
            <dt className="text-slate-600">{label}</dt>
            <dd className="min-w-0 break-all font-medium text-slate-900 tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      {back ? (
        <div className="mt-6 space-y-3">
          <ReturnLink href={back} merchantName={merchantName} t={t} primary />
          <AutoReturn
            href={back}
            seconds={AUTO_RETURN_SECONDS}
            countdown={{
              one: fill(t.autoReturn.one, { merchant: merchantName }),
              other: fill(t.autoReturn.other, { merchant: merchantName }),
            }}
            stay={t.stay}
            stayed={fill(t.stayed, { merchant: merchantName })}
          />
        </div>
      ) : null}
    </ResultPanel>
  );
}

/** A failed attempt: the reason in plain words, then Try again, or why the link takes no more payments. */
export function FailedAttempt({
  attempt,
  state,
  attemptsLeft,
  retryHref,
  merchantName,
  caption,
  returnUrl,
  locale,
  t,
}: {
  attempt: CheckoutAttemptView | null;
  caption: string;
  state: 'OPEN' | 'CLOSED' | 'EXPIRED';
  attemptsLeft: number;
  retryHref: string;
  merchantName: string;
  returnUrl: string | null;
  locale: Locale;
  t: PageMessages;
}) {
  const canRetry = state === 'OPEN' && attemptsLeft > 0;
  const back = safeUrl(returnUrl);
  return (
    <ResultPanel icon="failure" heading={t.failure.heading} caption={caption}>
      {attempt ? <p className="mt-3 text-slate-700">{failureReason(locale, attempt.resultCode)}</p> : null}
      {canRetry ? (
        <p className="mt-2 text-sm text-slate-600">{plural(locale, t.failure.attemptsLeft, attemptsLeft)}</p>
      ) : (
        <p className="mt-3 text-sm text-slate-700">
          {attempt ? (state === 'EXPIRED' ? t.failure.expired : t.failure.closed) : t.closed.text}
        </p>
      )}
      <div className="mt-6 space-y-3">
        {canRetry ? (
          <a
            href={retryHref}
            className="block w-full rounded-lg bg-brand px-4 py-3 text-center text-base font-semibold text-white shadow-sm hover:bg-brand-dark focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand"
          >
            {t.failure.tryAgain}
          </a>
        ) : null}
        {back ? <ReturnLink href={back} merchantName={merchantName} t={t} primary={!canRetry} /> : null}
      </div>
    </ResultPanel>
  );
}

/** Pages with nothing to pay: an expired or unknown link. */
export function StatusNotice({
  heading,
  text,
  caption,
  merchantName,
  returnUrl,
  t,
}: {
  heading: string;
  text: string;
  caption?: string;
  merchantName?: string;
  returnUrl?: string | null;
  t: PageMessages;
}) {
  const back = safeUrl(returnUrl ?? null);
  return (
    <ResultPanel icon="info" heading={heading} caption={caption}>
      <p className="mt-3 text-slate-700">{text}</p>
      {back && merchantName ? (
        <div className="mt-6">
          <ReturnLink href={back} merchantName={merchantName} t={t} />
        </div>
      ) : null}
    </ResultPanel>
  );
}
