import Link from 'next/link';
import type { ReactNode } from 'react';
import { buttonClass, focusRing } from './primitives';

/**
 * A list's filter bar: a plain GET form (works without JavaScript, and the URL holds the filters so
 * a filtered list can be bookmarked or shared). Submitting starts again at page 1.
 */
export function FilterBar({ action, label, clearHref, active, children }: { action: string; label: string; clearHref: string; active: boolean; children: ReactNode }) {
  return (
    <form action={action} method="get" role="search" aria-label={label} className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3">
      {children}
      <div className="flex items-center gap-2">
        <button type="submit" className={buttonClass.primary}>
          Apply filters
        </button>
        {active ? (
          <Link href={clearHref} className={buttonClass.secondary}>
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}

const control = `block h-9 rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-sm focus:border-brand focus:outline-none focus:ring-2 focus:ring-brand/40`;

export function FilterInput({
  id,
  name,
  label,
  defaultValue,
  type = 'text',
  width = 'w-40',
  ...rest
}: {
  id: string;
  name: string;
  label: string;
  defaultValue?: string;
  type?: 'text' | 'date';
  width?: string;
  inputMode?: 'numeric';
  maxLength?: number;
  pattern?: string;
  placeholder?: string;
}) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-700">
        {label}
      </label>
      <input id={id} name={name} type={type} defaultValue={defaultValue ?? ''} className={`${control} ${width}`} {...rest} />
    </div>
  );
}

export function FilterSelect({ id, name, label, defaultValue, options }: { id: string; name: string; label: string; defaultValue?: string; options: { value: string; label: string }[] }) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-700">
        {label}
      </label>
      <select id={id} name={name} defaultValue={defaultValue ?? ''} className={`${control} w-48`}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Filter links rendered as tabs of one list (e.g. All / Failing): the current one has aria-current. */
export function FilterTabs({ label, tabs }: { label: string; tabs: { href: string; label: string; current: boolean }[] }) {
  return (
    <nav aria-label={label} className="border-b border-slate-200 px-4">
      <ul className="-mb-px flex gap-4 text-sm">
        {tabs.map((tab) => (
          <li key={tab.href}>
            <Link
              href={tab.href}
              aria-current={tab.current ? 'page' : undefined}
              className={`inline-block border-b-2 px-0.5 py-2.5 font-medium ${focusRing} ${
                tab.current ? 'border-brand text-slate-900' : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900'
              }`}
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * Export CSV of a list: a plain link (not prefetched) to the list's export route with the filters in
 * force, so the file holds every row they select, not only the page shown.
 */
export function ExportCsvLink({ href, noun }: { href: string; noun: string }) {
  return (
    <a href={href} download className={buttonClass.secondary} aria-label={`Export CSV of the ${noun} these filters select`}>
      Export CSV
    </a>
  );
}
