import type { Metadata } from 'next';
import Link from 'next/link';
import { formatMajor } from '@/components/dashboard/format';
import { FilterInput, FilterSelect } from '@/components/dashboard/list-filters';
import { ListSection } from '@/components/dashboard/list-page';
import { Badge, linkClass, PageHeader, td, Time } from '@/components/dashboard/primitives';
import { requireMerchantSession } from '@/lib/dashboard/session';
import { database } from '@/lib/db/client';
import { listDashboardRefunds } from '@/lib/dashboard/exports';
import { refundListQuerySchema } from '@/lib/schemas/dashboard-forms';

export const metadata: Metadata = { title: 'Refunds · Kasa' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const statusOptions = [
  { value: '', label: 'All statuses' },
  { value: 'SUCCESS', label: 'Refunded' },
  { value: 'FAILED', label: 'Declined' },
  { value: 'PENDING', label: 'At the bank' },
];

const statusBadge = { SUCCESS: { label: 'Refunded', tone: 'green' }, FAILED: { label: 'Declined', tone: 'red' }, PENDING: { label: 'At the bank', tone: 'amber' } } as const;

// GET /dashboard/refunds — the merchant's refunds, newest first (?status=&from=&to=&page=)
export default async function RefundsPage({ searchParams }: Props) {
  const { merchant } = await requireMerchantSession();
  const query = refundListQuerySchema.parse(await searchParams);
  const result = await listDashboardRefunds({ db: await database(), merchantId: merchant.id, query });
  // The filters in force: the query without its page.
  const filters = { ...query, page: undefined };

  return (
    <>
      <PageHeader title="Refunds" description="Every refund of your payments, newest first. Times are UTC." />
      <ListSection
        id="refunds-list"
        base="/dashboard/refunds"
        noun="refunds"
        label="Refunds"
        title={{ all: 'All refunds', filtered: 'Matching refunds' }}
        filters={filters}
        exportHref="/dashboard/refunds/export"
        filterControls={
          <>
            <FilterSelect id="filter-status" name="status" label="Status" defaultValue={query.status} options={statusOptions} />
            <FilterInput id="filter-from" name="from" label="From (UTC day)" type="date" defaultValue={query.from} />
            <FilterInput id="filter-to" name="to" label="To (UTC day)" type="date" defaultValue={query.to} />
          </>
        }
        columns={[{ label: 'Date' }, { label: 'Order' }, { label: 'Amount', align: 'right' }, { label: 'Status' }, { label: 'Reference' }, { label: 'Reason' }]}
        rows={result.rows}
        renderRow={(refund) => {
          const status = statusBadge[refund.status];
          return (
            <tr key={refund.refundId} className="hover:bg-slate-50">
              <td className={`${td} text-slate-700`}>{refund.refundDate ? <Time date={new Date(refund.refundDate)} /> : '—'}</td>
              <td className={`${td} max-w-56 truncate`}>
                <Link href={`/dashboard/payments/${refund.paymentId}`} className={linkClass} aria-label={`Payment for order ${refund.orderId}`}>
                  {refund.orderId}
                </Link>
              </td>
              <td className={`${td} text-right font-medium whitespace-nowrap text-slate-900 tabular-nums`}>{formatMajor(refund.amount, refund.currency)}</td>
              <td className={td}>
                <Badge tone={status.tone}>{status.label}</Badge>
              </td>
              <td className={`${td} max-w-48 truncate text-slate-700`}>{refund.reference ?? '—'}</td>
              <td className={`${td} max-w-64 truncate text-slate-600`} title={refund.resultMessage ?? undefined}>
                {refund.status === 'FAILED' ? refund.resultCode : (refund.reason ?? '—')}
              </td>
            </tr>
          );
        }}
        empty={{ all: 'No refunds yet.', filtered: 'No refund matches these filters.' }}
        paging={result}
      />
    </>
  );
}
