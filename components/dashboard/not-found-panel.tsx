import Link from 'next/link';
import { buttonClass } from './primitives';

/**
 * What a dashboard URL or form answers for an id that is not the signed-in merchant's: the same as
 * for an id that never existed, so nothing tells whether another merchant has it.
 */
export function NotFoundPanel({ noun, backHref, backLabel }: { noun: string; backHref: string; backLabel: string }) {
  return (
    <div className="mx-auto mt-10 max-w-md rounded-lg border border-slate-200 bg-white p-6 text-center shadow-sm">
      <p className="text-sm font-semibold text-slate-600">404</p>
      <h1 className="mt-1 text-lg font-semibold text-slate-900">No such {noun}</h1>
      <p className="mt-2 text-sm text-slate-600">It does not exist, or it belongs to another merchant account.</p>
      <Link href={backHref} className={`${buttonClass.secondary} mt-4`}>
        {backLabel}
      </Link>
    </div>
  );
}
