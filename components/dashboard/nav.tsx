'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** The dashboard's section links; the current section is marked with aria-current. */
export function DashboardNav({ links }: { links: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Dashboard">
      <ul className="flex items-center gap-1 text-sm">
        {links.map((link) => {
          const current = pathname === link.href || pathname.startsWith(`${link.href}/`);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={current ? 'page' : undefined}
                className={`block rounded-md px-2.5 py-1.5 font-medium focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand ${
                  current ? 'bg-slate-100 text-slate-900' : 'text-slate-600 hover:bg-slate-50 hover:text-slate-900'
                }`}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
