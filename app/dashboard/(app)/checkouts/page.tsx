import type { Metadata } from 'next';
import Link from 'next/link';
import { CopyButton } from '@/components/dashboard/copy-field';
import { checkoutStatusLabel, formatAmount } from '@/components/dashboard/format';
import { FilterInput, FilterSelect } from '@/components/dashboard/list-filters';
import { ListSection } from '@/components/dashboard/list-page';
import { Badge, buttonClass, linkClass, PageHeader, td, Time } from '@/components/dashboard/primitives';
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
  // The filters in force: the query without its page.
  const filters = { ...query, page: undefined };

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
      <ListSection
        id="checkouts-list"
        base="/dashboard/checkouts"
        noun="checkout links"
        label="Checkout links"
        title={{ all: 'All checkout links', filtered: 'Matching checkout links' }}
        filters={filters}
        exportHref="/dashboard/checkouts/export"
        filterControls={
          <>
            <FilterSelect id="filter-status" name="status" label="Status" defaultValue={query.status} options={statusOptions} />
            <FilterInput id="filter-order" name="orderId" label="Order id starts with" defaultValue={query.orderId} maxLength={64} width="w-44" />
          </>
        }
        columns={[{ label: 'Created' }, { label: 'Order' }, { label: 'Amount', align: 'right' }, { label: 'Status' }, { label: 'Failed attempts', align: 'right' }, { label: 'Expires' }, { label: 'Link' }]}
        rows={result.rows}
        renderRow={(checkout) => {
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
        }}
        empty={{ all: 'No checkout links yet.', filtered: 'No checkout link matches these filters.' }}
        paging={result}
      />
    </>
  );
}
