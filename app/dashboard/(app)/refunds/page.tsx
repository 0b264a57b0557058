import type { Metadata } from 'next';
import Link from 'next/link';
import { formatMajor } from '@/components/dashboard/format';
import { ExportCsvLink, FilterBar, FilterInput, FilterSelect } from '@/components/dashboard/list-filters';
import { Badge, EmptyState, linkClass, listHref, PageHeader, Pagination, Section, Table, td, th, Time } from '@/components/dashboard/primitives';
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
  const { page: _page, ...filters } = query;
  const filtered = Object.values(filters).some((value) => value !== undefined);

  return (
    <>
      <PageHeader title="Refunds" description="Every refund of your payments, newest first. Times are UTC." />
      <Section
        id="refunds-list"
        title={filtered ? 'Matching refunds' : 'All refunds'}
        actions={<ExportCsvLink href={listHref('/dashboard/refunds/export', filters)} noun="refunds" />}
        flush
      >
        <FilterBar action="/dashboard/refunds" label="Filter refunds" clearHref="/dashboard/refunds" active={filtered}>
          <FilterSelect id="filter-status" name="status" label="Status" defaultValue={query.status} options={statusOptions} />
          <FilterInput id="filter-from" name="from" label="From (UTC day)" type="date" defaultValue={query.from} />
          <FilterInput id="filter-to" name="to" label="To (UTC day)" type="date" defaultValue={query.to} />
        </FilterBar>
        <Table
          label="Refunds"
          head={
            <tr>
              <th scope="col" className={th}>Date</th>
              <th scope="col" className={th}>Order</th>
              <th scope="col" className={`${th} text-right`}>Amount</th>
              <th scope="col" className={th}>Status</th>
              <th scope="col" className={th}>Reference</th>
              <th scope="col" className={th}>Reason</th>
            </tr>
          }
          empty={result.rows.length === 0 ? <EmptyState>{filtered ? 'No refund matches these filters.' : 'No refunds yet.'}</EmptyState> : null}
        >
          {result.rows.map((refund) => {
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
          })}
        </Table>
        <Pagination
          page={result.page}
          pageCount={result.pageCount}
          total={result.total}
          pageSize={result.pageSize}
          href={(page) => listHref('/dashboard/refunds', { ...filters, page })}
          noun="refunds"
        />
      </Section>
    </>
  );
}
