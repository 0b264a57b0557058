import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatDateTime, type Tone } from './format';

/** Building blocks shared by the dashboard's pages: dense, bordered, slate with the brand teal for actions. */

export const focusRing = 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand';

export const buttonClass = {
  primary: `inline-flex items-center justify-center gap-1.5 rounded-md bg-brand px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-dark disabled:opacity-60 ${focusRing}`,
  secondary: `inline-flex items-center justify-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-60 ${focusRing}`,
  danger: `inline-flex items-center justify-center gap-1.5 rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-medium text-red-700 shadow-sm hover:bg-red-50 disabled:opacity-60 ${focusRing}`,
  small: `inline-flex items-center justify-center gap-1 rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60 ${focusRing}`,
};

export const linkClass = `font-medium text-brand-dark underline-offset-2 hover:underline ${focusRing} rounded-sm`;

export function PageHeader({ title, description, actions, children }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; children?: ReactNode }) {
  return (
    <div className="mb-5 flex flex-wrap items-start justify-between gap-3">
      <div className="min-w-0">
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {description ? <p className="mt-0.5 text-sm text-slate-600">{description}</p> : null}
        {children}
      </div>
      {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
    </div>
  );
}

/** A bordered white box with a heading; the heading names the region for screen readers. */
export function Section({
  id,
  title,
  description,
  actions,
  children,
  flush,
}: {
  id: string;
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  /** No padding around the content (for tables running edge to edge). */
  flush?: boolean;
}) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-2 border-b border-slate-200 px-4 py-3">
        <div>
          <h2 id={id} className="text-sm font-semibold text-slate-900">
            {title}
          </h2>
          {description ? <p className="mt-0.5 text-xs text-slate-600">{description}</p> : null}
        </div>
        {actions}
      </div>
      <div className={flush ? '' : 'px-4 py-3'}>{children}</div>
    </section>
  );
}

const toneClass: Record<Tone, string> = {
  green: 'bg-green-50 text-green-800 ring-green-600/20',
  red: 'bg-red-50 text-red-800 ring-red-600/20',
  amber: 'bg-amber-50 text-amber-900 ring-amber-600/25',
  sky: 'bg-sky-50 text-sky-800 ring-sky-600/20',
  slate: 'bg-slate-100 text-slate-700 ring-slate-500/20',
};

export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${toneClass[tone]}`}>{children}</span>;
}

export function Time({ date, seconds }: { date: Date | null; seconds?: boolean }) {
  if (!date) return <span className="text-slate-500">—</span>;
  return (
    <time dateTime={date.toISOString()} className="whitespace-nowrap tabular-nums">
      {formatDateTime(date, seconds)}
    </time>
  );
}

/** A table in a box that scrolls sideways on narrow screens; `label` names it (caption). */
export function Table({ label, head, children, empty }: { label: string; head: ReactNode; children: ReactNode; empty?: ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{label}</caption>
        <thead className="bg-slate-50 text-left text-xs font-medium text-slate-600">{head}</thead>
        <tbody className="divide-y divide-slate-100 bg-white">{children}</tbody>
      </table>
      {empty}
    </div>
  );
}

export const th = 'px-3 py-2 font-medium whitespace-nowrap';
export const td = 'px-3 py-2 align-top';

export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="px-4 py-10 text-center text-sm text-slate-600">{children}</p>;
}

/** Label–value pairs; `columns={2}` sets them in two columns of pairs on wide screens. */
export function DescriptionList({ items, columns = 1 }: { items: { term: ReactNode; value: ReactNode; mono?: boolean }[]; columns?: 1 | 2 }) {
  return (
    <dl className={`grid grid-cols-1 gap-x-8 text-sm ${columns === 2 ? 'md:grid-cols-2' : ''}`}>
      {items.map((item, index) => (
        <div key={index} className="grid grid-cols-1 gap-x-4 border-b border-slate-100 py-1.5 last:border-b-0 sm:grid-cols-[9.5rem_1fr]">
          <dt className="text-slate-600">{item.term}</dt>
          <dd className={`min-w-0 break-all text-slate-900 ${item.mono ? 'font-mono text-[13px]' : ''}`}>{item.value ?? <span className="text-slate-500">—</span>}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Previous / next links that keep the list's filters; page numbers are 1-based. */
export function Pagination({
  page,
  pageCount,
  total,
  pageSize,
  href,
  noun,
}: {
  page: number;
  pageCount: number;
  total: number;
  pageSize: number;
  href: (page: number) => string;
  noun: string;
}) {
  const first = total === 0 ? 0 : Math.min(total, (page - 1) * pageSize + 1);
  const last = Math.min(total, page * pageSize);
  const pageLink = (target: number, label: string, rel: 'prev' | 'next') =>
    target >= 1 && target <= pageCount ? (
      <Link href={href(target)} rel={rel} className={buttonClass.secondary}>
        {label}
      </Link>
    ) : (
      <span aria-disabled="true" className="inline-flex cursor-not-allowed items-center rounded-md border border-slate-200 px-3 py-1.5 text-sm text-slate-500">
        {label}
      </span>
    );
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-3 border-t border-slate-200 px-4 py-2.5 text-sm text-slate-600">
      <p>
        {total === 0 ? `No ${noun}` : first > total ? `Page ${page} is past the end (${total} ${noun})` : `${first}–${last} of ${total} ${noun}`}
      </p>
      <div className="flex items-center gap-2">
        {pageLink(page - 1, 'Previous', 'prev')}
        <span className="tabular-nums">
          Page {page} of {pageCount}
        </span>
        {pageLink(page + 1, 'Next', 'next')}
      </div>
    </nav>
  );
}

/** `base?key=value&…` without empty values; `page` 1 is left out. */
export function listHref(base: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '' || (key === 'page' && value === 1)) continue;
    search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${base}?${query}` : base;
}
