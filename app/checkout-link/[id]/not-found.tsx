import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import { StatusNotice } from '@/components/checkout/results';
import { CheckoutShell } from '@/components/checkout/shell';
import { LANGUAGE_COOKIE, messages, negotiateLocale, type Locale } from '@/lib/checkout/i18n';
import { config } from '@/lib/config';

export const metadata: Metadata = { title: 'Payment link not found · Kasa', robots: { index: false, follow: false } };

// An unknown checkout id: 404 with its own page.
export default async function CheckoutNotFound() {
  const [headerList, cookieStore] = await Promise.all([headers(), cookies()]);
  const locale = negotiateLocale({ cookie: cookieStore.get(LANGUAGE_COOKIE)?.value, acceptLanguage: headerList.get('accept-language') });
  const t = messages[locale];
  return (
    <CheckoutShell locale={locale} t={t} languageHref={(option: Locale) => `?lang=${option}`} testMode={config.mode === 'sandbox'}>
      <StatusNotice heading={t.notFound.heading} text={t.notFound.text} t={t} />
    </CheckoutShell>
  );
}
