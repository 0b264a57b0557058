import type { Metadata } from 'next';
import Link from 'next/link';
import { CopyButton } from '@/components/dashboard/copy-field';
import { checkoutStatusLabel, formatAmount } from '@/components/dashboard/format';
import { FilterBar, FilterInput, FilterSelect } from '@/components/dashboard/list-filters';
import { Badge, buttonClass, EmptyState, linkClass, listHref, PageHeader, Pagination, Section, Table, td, th, Time } from '@/components/dashboard/primitives';
import { listCheckouts } from '@/lib/dashboard/queries';
import { requireMerchantSession } from '@/lib/dashboard/session';
import { database } from '@/lib/db/client';
import { checkoutListQuerySchema } from '@/lib/schemas/dashboard-forms';

export const metadata: Metadata = { title: 'Checkout links · Kasa' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const statusOptions = [
  { value: '', label: 'All statuses' },
  { value: 'PENDING', label: 'Pending' },
  { value: 'PAID', label: 'Paid' },
  { value: 'FAILED', label: 'Failed (open, attempts failed)' },
  { value: 'EXPIRED', label: 'Expired' },
  { value: 'CLOSED', label: 'Closed' },
];

// GET /dashboard/checkouts — the merchant's hosted checkout links, newest first (?status=&orderId=&page=)
export default async function CheckoutsPage({ searchParams }: Props) {
  const { merchant } = await requireMerchantSession();
  const query = checkoutListQuerySchema.parse(await searchParams);
  const result = await listCheckouts({ db: await database(), merchantId: merchant.id, query });
  // Optional filters the query left out are undefined, whatever Object.entries' element type says.
  const filtered = Object.entries<unknown>(query).some(([name, value]) => name !== 'page' && value !== undefined);

  return (
    <>
      <PageHeader
        title="Checkout links"
        description="Hosted payment pages you send shoppers to. Times are UTC."
        actions={
          <Link href="/dashboard/checkouts/new" className={buttonClass.primary}>
            Create link
          </Link>
        }
      />
      <Section id="checkouts-list" title={filtered ? 'Matching checkout links' : 'All checkout links'} flush>
        <FilterBar action="/dashboard/checkouts" label="Filter checkout links" clearHref="/dashboard/checkouts" active={filtered}>
          <FilterSelect id="filter-status" name="status" label="Status" defaultValue={query.status} options={statusOptions} />
          <FilterInput id="filter-order" name="orderId" label="Order id starts with" defaultValue={query.orderId} maxLength={64} width="w-44" />
        </FilterBar>
        <Table
          label="Checkout links"
          head={
            <tr>
              <th scope="col" className={th}>Created</th>
              <th scope="col" className={th}>Order</th>
              <th scope="col" className={`${th} text-right`}>Amount</th>
              <th scope="col" className={th}>Status</th>
              <th scope="col" className={`${th} text-right`}>Failed attempts</th>
              <th scope="col" className={th}>Expires</th>
              <th scope="col" className={th}>Link</th>
            </tr>
          }
          empty={result.rows.length === 0 ? <EmptyState>{filtered ? 'No checkout link matches these filters.' : 'No checkout links yet.'}</EmptyState> : null}
        >
          {result.rows.map((checkout) => {
            const status = checkoutStatusLabel[checkout.listStatus];
            return (
              <tr key={checkout.id} className="hover:bg-slate-50">
                <td className={`${td} text-slate-700`}>
                  <Time date={checkout.createdAt} />
                </td>
                <td className={`${td} max-w-56`}>
                  <Link href={`/dashboard/checkouts/${checkout.id}`} className={`${linkClass} block truncate`} aria-label={`Checkout link for order ${checkout.orderId}`}>
                    {checkout.orderId}
                  </Link>
                  {checkout.description ? <span className="block truncate text-xs text-slate-600">{checkout.description}</span> : null}
                </td>
                <td className={`${td} text-right font-medium whitespace-nowrap text-slate-900 tabular-nums`}>{formatAmount(checkout.amount, checkout.currency)}</td>
                <td className={td}>
                  <Badge tone={status.tone}>{status.label}</Badge>
                </td>
                <td className={`${td} text-right tabular-nums text-slate-700`}>{checkout.failedAttempts}</td>
                <td className={`${td} text-slate-700`}>
                  <Time date={checkout.expiresAt} />
                </td>
                <td className={`${td} whitespace-nowrap`}>
                  {checkout.listStatus === 'PENDING' || checkout.listStatus === 'FAILED' ? (
                    <CopyButton value={checkout.redirectUrl} label={`Copy checkout link for order ${checkout.orderId}`} />
                  ) : (
                    <span className="text-xs text-slate-600">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </Table>
        <Pagination
          page={result.page}
          pageCount={result.pageCount}
          total={result.total}
          pageSize={result.pageSize}
          href={(page) => listHref('/dashboard/checkouts', { ...query, page })}
          noun="checkout links"
        />
      </Section>
    </>
  );
}
