import type { Metadata } from 'next';
import Link from 'next/link';
import { AttemptList, AttemptStatus, attemptError } from '@/components/dashboard/attempts';
import { deliveryStateLabel, formatLatency } from '@/components/dashboard/format';
import { FilterTabs } from '@/components/dashboard/list-filters';
import { ListSection } from '@/components/dashboard/list-page';
import { Badge, focusRing, linkClass, listHref, PageHeader, td, Time } from '@/components/dashboard/primitives';
import { ResendButton } from '@/components/dashboard/resend-button';
import { listDeliveries } from '@/lib/dashboard/queries';
import { requireMerchantSession } from '@/lib/dashboard/session';
import { database } from '@/lib/db/client';
import { deliveryListQuerySchema } from '@/lib/schemas/dashboard-forms';
import { resendCallback } from './actions';

export const metadata: Metadata = { title: 'Callbacks · Kasa' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const tabs = [
  { state: undefined, label: 'All' },
  { state: 'failing', label: 'Failing' },
  { state: 'PENDING', label: 'Pending' },
  { state: 'DELIVERED', label: 'Delivered' },
  { state: 'FAILED', label: 'Given up' },
] as const;

// GET /dashboard/deliveries — every callback event with its attempts, newest first (?state=failing&page=)
export default async function DeliveriesPage({ searchParams }: Props) {
  const { merchant } = await requireMerchantSession();
  const query = deliveryListQuerySchema.parse(await searchParams);
  const result = await listDeliveries({ db: await database(), merchantId: merchant.id, query });

  return (
    <>
      <PageHeader
        title="Callbacks"
        description="Every callback event Kasa sent to your callback URLs, with each attempt. Failed attempts are retried for about 3 days; Resend tries again now. Times are UTC."
      />
      <ListSection
        id="deliveries-list"
        base="/dashboard/deliveries"
        noun="events"
        label="Callback events"
        title="Callback events"
        filters={{ state: query.state }}
        toolbar={
          <FilterTabs
            label="Filter callbacks"
            tabs={tabs.map((tab) => ({ href: listHref('/dashboard/deliveries', { state: tab.state }), label: tab.label, current: query.state === tab.state }))}
          />
        }
        columns={[{ label: 'Event' }, { label: 'Order' }, { label: 'State' }, { label: 'Last attempt' }, { label: 'Attempts' }, { label: 'Next attempt' }, { label: 'Actions', hidden: true }]}
        rows={result.rows}
        renderRow={(delivery) => {
          const state = deliveryStateLabel(delivery);
          const last = delivery.attempts.at(-1);
          return (
            <tr key={delivery.id} className="hover:bg-slate-50">
              <td className={td}>
                <Link href={`/dashboard/deliveries/${delivery.id}`} className={`${linkClass} font-mono text-[13px]`} aria-label={`Event ${delivery.id}`}>
                  {delivery.id.slice(0, 14)}…
                </Link>
                <span className="block text-xs text-slate-600">
                  #{delivery.sequence} · <span className="font-mono">{delivery.eventType}</span> · reports <span className="font-mono">{delivery.checkoutStatus}</span>
                </span>
              </td>
              <td className={`${td} max-w-48`}>
                <Link href={`/dashboard/checkouts/${delivery.checkoutId}`} className={`${linkClass} block truncate`}>
                  {delivery.orderId}
                </Link>
                <span className="block text-xs text-slate-600">
                  <Time date={delivery.createdAt} />
                </span>
              </td>
              <td className={td}>
                <Badge tone={state.tone}>{state.label}</Badge>
              </td>
              <td className={`${td} max-w-64`}>
                {last ? (
                  <div className="space-y-0.5">
                    <div className="flex items-center gap-2">
                      <AttemptStatus attempt={last} />
                      <span className="text-xs text-slate-700 tabular-nums">{formatLatency(last.latencyMs)}</span>
                    </div>
                    {attemptError(last) ? (
                      <p className="truncate text-xs text-red-800" title={attemptError(last) ?? undefined}>
                        {attemptError(last)}
                      </p>
                    ) : null}
                    <p className="text-xs text-slate-600">
                      <Time date={last.attemptedAt} seconds />
                    </p>
                  </div>
                ) : (
                  <span className="text-xs text-slate-600">Not tried yet</span>
                )}
              </td>
              <td className={td}>
                {delivery.attempts.length > 0 ? (
                  <details>
                    <summary className={`cursor-pointer rounded-sm text-sm whitespace-nowrap text-slate-700 ${focusRing}`}>
                      {delivery.attempts.length}
                      <span className="sr-only"> attempts of event {delivery.id}</span>
                    </summary>
                    <div className="mt-2">
                      <AttemptList attempts={delivery.attempts} compact />
                    </div>
                  </details>
                ) : (
                  <span className="text-slate-600">0</span>
                )}
              </td>
              <td className={`${td} text-xs text-slate-700`}>
                {delivery.state === 'PENDING' ? <Time date={delivery.nextAttemptAt} /> : <span className="text-slate-500">—</span>}
              </td>
              <td className={td}>
                <ResendButton action={resendCallback} deliveryId={delivery.id} label={`Resend event ${delivery.id}`} />
              </td>
            </tr>
          );
        }}
        empty={query.state === 'failing' ? 'No failing callbacks.' : 'No callbacks here yet.'}
        paging={result}
      />
    </>
  );
}
