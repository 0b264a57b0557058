import type { Metadata } from 'next';
import { DailyChart } from '@/components/dashboard/daily-chart';
import { formatAmount } from '@/components/dashboard/format';
import { FilterSelect } from '@/components/dashboard/list-filters';
import { buttonClass, DescriptionList, PageHeader, Section } from '@/components/dashboard/primitives';
import { requireMerchantSession } from '@/lib/dashboard/session';
import { database } from '@/lib/db/client';
import { dailyOverview } from '@/lib/reporting/overview';

export const metadata: Metadata = { title: 'Overview · Kasa' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// GET /dashboard/overview — sales, refunds and net per UTC day over the last 30 days (?currency=)
export default async function OverviewPage({ searchParams }: Props) {
  const { merchant } = await requireMerchantSession();
  const asked = (await searchParams).currency;
  const currency = typeof asked === 'string' && merchant.currencies.includes(asked) ? asked : merchant.currencies[0];
  const days = await dailyOverview({ db: await database(), merchantId: merchant.id, currency });
  const total = (pick: (day: (typeof days)[number]) => number) => days.reduce((sum, day) => sum + pick(day), 0);
  const title = `Sales, refunds and net per day, last 30 days, ${currency}`;

  return (
    <>
      <PageHeader title="Overview" description="The last 30 days, per UTC day." />
      <div className="space-y-5">
        <Section
          id="overview-chart"
          title={title}
          actions={
            merchant.currencies.length > 1 ? (
              <form action="/dashboard/overview" method="get" aria-label="Choose the currency" className="flex items-end gap-2">
                <FilterSelect id="overview-currency" name="currency" label="Currency" defaultValue={currency} options={merchant.currencies.map((code) => ({ value: code, label: code }))} />
                <button type="submit" className={buttonClass.secondary}>
                  Show
                </button>
              </form>
            ) : null
          }
        >
          <DailyChart days={days} currency={currency} title={title} />
        </Section>
        <Section id="overview-totals" title="30-day totals">
          <DescriptionList
            columns={2}
            items={[
              { term: 'Sales', value: formatAmount(total((day) => day.salesMinor), currency) },
              { term: 'Payments', value: String(total((day) => day.salesCount)) },
              { term: 'Refunds', value: formatAmount(total((day) => day.refundsMinor), currency) },
              { term: 'Net', value: formatAmount(total((day) => day.netMinor), currency) },
            ]}
          />
        </Section>
      </div>
    </>
  );
}
