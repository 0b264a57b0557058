'use client';

import { useEffect, useId, useRef } from 'react';
import type { FormMessages } from '@/lib/checkout/i18n';

/** The issuer's challenge: where the enrollment's fields are posted, and how. */
export type Challenge = { url: string; fields: Record<string, string> };

/**
 * 3-D Secure in an iframe (title `3-D Secure`, reference §9): once the frame is in the page, the
 * enrollment's fields are posted into it.
 */
export function ThreeDsFrame({ challenge, t }: { challenge: Challenge; t: FormMessages }) {
  const uid = useId();
  const form = useRef<HTMLFormElement>(null);
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    form.current?.requestSubmit();
    // Focus is left free (the Pay button is gone) so the issuer page's autofocus lands on its code field.
    section.current?.scrollIntoView({ block: 'start' });
  }, [challenge]);

  return (
    <section ref={section} aria-labelledby={`${uid}-challenge`} className="scroll-mt-4 space-y-3">
      <h2 id={`${uid}-challenge`} className="text-lg font-semibold text-slate-900">
        {t.challengeHeading}
      </h2>
      <p className="text-sm text-slate-600">{t.challengeHint}</p>
      <iframe title="3-D Secure" name="kasa-3ds" className="block h-[640px] w-full rounded-lg border border-slate-200 bg-white sm:h-[480px]" />
      <form ref={form} method="post" action={challenge.url} target="kasa-3ds" className="hidden">
        {Object.entries(challenge.fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
      </form>
    </section>
  );
}
