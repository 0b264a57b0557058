import type { Metadata } from 'next';
import Link from 'next/link';
import { ListSection } from '@/components/dashboard/list-page';
import { Badge, linkClass, PageHeader, td, Time } from '@/components/dashboard/primitives';
import { FilterInput, FilterSelect } from '@/components/dashboard/list-filters';
import { formatAmount, paymentStatusLabel, refundStatusLabel, schemeNames, transactionLabel } from '@/components/dashboard/format';
import { listPayments } from '@/lib/dashboard/queries';
import { requireMerchantSession } from '@/lib/dashboard/session';
import { database } from '@/lib/db/client';
import type { Payment } from '@/lib/db/schema';
import { refundStatusOf } from '@/lib/payments/response';
import { paymentListQuerySchema } from '@/lib/schemas/dashboard-forms';

export const metadata: Metadata = { title: 'Payments · Kasa' };
export const dynamic = 'force-dynamic';

/** The order amount, as the API's `amount` reports it (a captured pre-authorization: what was captured). */
const orderAmount = (payment: Payment) =>
  payment.transactionType === 'PRE_AUTHORIZATION' && payment.capturedAmount !== null ? payment.capturedAmount : payment.amount;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const statusOptions = [
  { value: '', label: 'All statuses' },
  { value: 'SUCCESS', label: 'Succeeded' },
  { value: 'FAILED', label: 'Failed' },
  { value: 'ENROLLED', label: 'Awaiting 3-D Secure' },
  { value: 'PENDING', label: 'Pending' },
  { value: 'CANCELLED', label: 'Cancelled' },
  { value: 'EXPIRED', label: 'Expired' },
];

const refundOptions = [
  { value: '', label: 'Any' },
  { value: 'REFUNDED', label: 'Refunded (partly or fully)' },
  { value: 'PARTIALLY_REFUNDED', label: 'Partially refunded' },
  { value: 'FULLY_REFUNDED', label: 'Fully refunded' },
  { value: 'NOT_REFUNDED', label: 'Not refunded' },
];

// GET /dashboard/payments — the merchant's payments, newest first (?status=&refundStatus=&from=&to=&orderId=&last4=&page=)
export default async function PaymentsPage({ searchParams }: Props) {
  const { merchant } = await requireMerchantSession();
  const query = paymentListQuerySchema.parse(await searchParams);
  const result = await listPayments({ db: await database(), merchantId: merchant.id, query });
  // The filters in force: the query without its page.
  const filters = { ...query, page: undefined };

  return (
    <>
      <PageHeader title="Payments" description="Every payment and pre-authorization, newest first. Times are UTC." />
      <ListSection
        id="payments-list"
        base="/dashboard/payments"
        noun="payments"
        label="Payments"
        title={{ all: 'All payments', filtered: 'Matching payments' }}
        filters={filters}
        exportHref="/dashboard/payments/export"
        filterControls={
          <>
            <FilterSelect id="filter-status" name="status" label="Status" defaultValue={query.status} options={statusOptions} />
            <FilterSelect id="filter-refunds" name="refundStatus" label="Refunds" defaultValue={query.refundStatus} options={refundOptions} />
            <FilterInput id="filter-from" name="from" label="From (UTC day)" type="date" defaultValue={query.from} />
            <FilterInput id="filter-to" name="to" label="To (UTC day)" type="date" defaultValue={query.to} />
            <FilterInput id="filter-order" name="orderId" label="Order id starts with" defaultValue={query.orderId} maxLength={64} width="w-44" />
            <FilterInput id="filter-last4" name="last4" label="Card last 4" defaultValue={query.last4} inputMode="numeric" maxLength={4} pattern="\d{4}" width="w-24" />
          </>
        }
        columns={[{ label: 'Date' }, { label: 'Order' }, { label: 'Amount', align: 'right' }, { label: 'Status' }, { label: 'Type' }, { label: 'Card' }, { label: 'Result' }]}
        rows={result.rows}
        renderRow={(payment) => {
          const status = paymentStatusLabel[payment.status];
          const refundStatus = refundStatusOf(payment);
          const refunded = refundStatus && refundStatus !== 'NOT_REFUNDED' ? refundStatusLabel[refundStatus] : null;
          return (
            <tr key={payment.id} className="hover:bg-slate-50">
              <td className={`${td} text-slate-700`}>
                <Time date={payment.createdAt} />
              </td>
              <td className={`${td} max-w-56 truncate`}>
                <Link href={`/dashboard/payments/${payment.id}`} className={linkClass} aria-label={`Payment for order ${payment.orderId}`}>
                  {payment.orderId}
                </Link>
              </td>
              <td className={`${td} text-right font-medium whitespace-nowrap text-slate-900 tabular-nums`}>
                {formatAmount(orderAmount(payment), payment.currency)}
                {payment.installmentCount > 1 ? <span className="block text-xs font-normal text-slate-600">{payment.installmentCount} installments</span> : null}
                {payment.refundedAmount > 0 ? (
                  <span className="block text-xs font-normal text-slate-600">{formatAmount(payment.refundedAmount, payment.currency)} refunded</span>
                ) : null}
              </td>
              <td className={td}>
                <span className="flex flex-wrap gap-1">
                  <Badge tone={status.tone}>{status.label}</Badge>
                  {refunded ? <Badge tone={refunded.tone}>{refunded.label}</Badge> : null}
                </span>
              </td>
              <td className={`${td} whitespace-nowrap text-slate-700`}>{transactionLabel(payment)}</td>
              <td className={`${td} whitespace-nowrap text-slate-700`}>
                <span className="sr-only">{schemeNames[payment.cardScheme] ?? payment.cardScheme} ending in </span>
                <span aria-hidden="true">{schemeNames[payment.cardScheme] ?? payment.cardScheme} ···· </span>
                <span className="font-mono tabular-nums">{payment.panLast4}</span>
              </td>
              <td className={`${td} max-w-64 truncate text-slate-600`} title={payment.resultMessage ?? undefined}>
                {payment.status === 'FAILED' ? payment.resultCode : (payment.resultMessage ?? '—')}
              </td>
            </tr>
          );
        }}
        empty={{ all: 'No payments yet.', filtered: 'No payment matches these filters.' }}
        paging={result}
      />
    </>
  );
}
