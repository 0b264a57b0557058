import type { ReactNode } from 'react';
import { languageNames, locales, type Locale, type PageMessages } from '@/lib/checkout/i18n';

/** The hosted checkout's frame: test-mode badge and language switch, the page, the security note. */
export function CheckoutShell({
  locale,
  t,
  languageHref,
  testMode,
  children,
}: {
  locale: Locale;
  t: PageMessages;
  /** The current page in another language (`?lang=tr`, keeping `?result=`). */
  languageHref: (locale: Locale) => string;
  testMode: boolean;
  children: ReactNode;
}) {
  return (
    <div lang={locale} className="flex min-h-screen flex-col">
      <header className="mx-auto flex w-full max-w-5xl flex-wrap items-center justify-between gap-3 px-4 pt-4 sm:px-6">
        <div>
          {testMode ? (
            <p className="inline-flex items-center gap-1.5 rounded-full border border-amber-300 bg-amber-50 px-2.5 py-0.5 text-xs font-semibold text-amber-900"
            >
              <span aria-hidden="true" className="size-1.5 rounded-full bg-amber-600" />
              {t.testMode}
            </p>
          ) : null}
        </div>
        <nav aria-label={t.language}>
          <ul className="flex items-center gap-1 text-sm">
            {locales.map((option) => (
              <li key={option}>
                <a
                  href={languageHref(option)}
                  lang={option}
                  hrefLang={option}
                  aria-current={option === locale ? 'true' : undefined}
                  className={`block rounded-md px-2 py-1 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand ${
                    option === locale ? 'bg-slate-200 font-semibold text-slate-900' : 'text-slate-700 underline-offset-2 hover:underline'
                  }`}
                >
                  {languageNames[option]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 sm:px-6 md:py-10">{children}</main>
      <footer className="mx-auto flex w-full max-w-5xl items-center justify-center gap-1.5 px-4 pb-6 text-center text-xs text-slate-600 sm:px-6">
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-3.5 shrink-0">
          <path
            fillRule="evenodd"
            d="M10 1a4.5 4.5 0 0 0-4.5 4.5V9H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6a2 2 0 0 0-2-2h-.5V5.5A4.5 4.5 0 0 0 10 1Zm3 8V5.5a3 3 0 1 0-6 0V9h6Z"
            clipRule="evenodd"
          />
        </svg>
        <p>{t.securedBy}</p>
      </footer>
    </div>
  );
}

/** A white card, the page's main surface. */
export function Panel({ children, className = '' }: { children: ReactNode; className?: string }) {
  return <div className={`rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-7 ${className}`}>{children}</div>;
}
