'use client';

import { useEffect, useState } from 'react';

/**
 * After a successful payment, takes the shopper back to the merchant after a short countdown, with a
 * button to stay (WCAG 2.2.1: a time limit the user can turn off). The server renders the link.
 */
export function AutoReturn({
  href,
  seconds,
  countdown,
  stay,
  stayed,
}: {
  href: string;
  seconds: number;
  /** `{count}` is replaced with the seconds left; one / other plural forms. */
  countdown: { one: string; other: string };
  stay: string;
  stayed: string;
}) {
  const [left, setLeft] = useState(seconds);
  const [cancelled, setCancelled] = useState(false);

  useEffect(() => {
    if (cancelled) return;
    if (left <= 0) {
      window.location.assign(href);
      return;
    }
    const timer = setTimeout(() => { setLeft((value) => value - 1); }, 1000);
    return () => { clearTimeout(timer); };
  }, [left, cancelled, href]);

  if (cancelled) return <p className="text-sm text-slate-600">{stayed}</p>;
  const text = (left === 1 ? countdown.one : countdown.other).replace('{count}', String(Math.max(left, 0)));
  return (
    <div className="flex flex-wrap items-center justify-center gap-x-3 gap-y-1 text-sm text-slate-600">
      <p>{text}</p>
      <button
        type="button"
        onClick={() => { setCancelled(true); }}
        className="rounded font-medium text-brand underline underline-offset-2 hover:text-brand-dark focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand"
      >
        {stay}
      </button>
    </div>
  );
}
