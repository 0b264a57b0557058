import { fill, formatAmount, type Locale, type PageMessages } from '@/lib/checkout/i18n';
import { currencyExponent } from '@/lib/money';

/** What the shopper is paying for: merchant, amount, description and order. */
export function OrderSummary({
  merchantName,
  amountMinor,
  currency,
  description,
  orderId,
  interestNote,
  locale,
  t,
}: {
  merchantName: string;
  amountMinor: number;
  currency: string;
  description: string | null;
  orderId: string;
  interestNote: boolean;
  locale: Locale;
  t: PageMessages;
}) {
  return (
    <section aria-labelledby="checkout-summary" className="md:pt-7">
      <div className="flex items-center gap-3">
        <span
          aria-hidden="true"
          className="flex size-10 shrink-0 items-center justify-center rounded-full bg-brand text-lg font-semibold text-white"
        >
          {merchantName.trim().charAt(0).toUpperCase() || '·'}
        </span>
        <h1 id="checkout-summary" className="min-w-0 text-base font-medium break-words text-slate-700">
          {fill(t.payTo, { merchant: merchantName })}
        </h1>
      </div>
      <p className="mt-5 text-sm text-slate-600">{t.amountDue}</p>
      <p className="text-4xl font-semibold tracking-tight text-slate-900 tabular-nums">{formatAmount(amountMinor, currency, currencyExponent(currency) ?? 2, locale)}</p>
      {description ? <p className="mt-3 break-words whitespace-pre-line text-slate-700">{description}</p> : null}
      <p className="mt-3 text-sm break-all text-slate-600">{fill(t.order, { orderId })}</p>
      {interestNote ? <p className="mt-3 text-sm text-slate-600">{t.interestNote}</p> : null}
    </section>
  );
}
