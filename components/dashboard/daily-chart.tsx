import type { OverviewDay } from '@/lib/reporting/overview';
import { formatAmount } from './format';

const WIDTH = 720;
const HEIGHT = 200;
const GAP = 4;

const dayLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const label = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));

/**
 * Sales (bars) and refunds (the darker part below the bar's top) per day, as plain SVG: nothing to
 * download or run in the browser. The picture is hidden from screen readers, which get the same
 * figures from the table behind it.
 */
export function DailyChart({ days, currency, title }: { days: OverviewDay[]; currency: string; title: string }) {
  const top = Math.max(1, ...days.map((day) => day.salesMinor));
  const barWidth = (WIDTH - GAP * (days.length - 1)) / days.length;
  const height = (minor: number) => (minor / top) * (HEIGHT - 20);
  return (
    <figure className="space-y-3">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + 18}`} className="h-auto w-full" aria-hidden="true" focusable="false">
        <line x1="0" x2={WIDTH} y1={HEIGHT} y2={HEIGHT} className="stroke-slate-300" strokeWidth="1" />
        {days.map((day, index) => {
          const x = index * (barWidth + GAP);
          const sales = height(day.salesMinor);
          const refunds = height(Math.min(day.refundsMinor, day.salesMinor));
          return (
            <g key={day.day}>
              <title>{`${label(day.day)}: sales ${formatAmount(day.salesMinor, currency)}, refunds ${formatAmount(day.refundsMinor, currency)}`}</title>
              <rect x={x} y={HEIGHT - sales} width={barWidth} height={sales} rx="2" className="fill-teal-600" />
              {refunds > 0 ? <rect x={x} y={HEIGHT - sales} width={barWidth} height={refunds} rx="2" className="fill-amber-500" /> : null}
              {index % 5 === 0 || index === days.length - 1 ? (
                <text x={x + barWidth / 2} y={HEIGHT + 14} textAnchor="middle" className="fill-slate-500 text-[10px]">
                  {label(day.day)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="flex flex-wrap gap-4 text-xs text-slate-600">
        <span className="inline-flex items-center gap-1.5">
          <span aria-hidden="true" className="size-2.5 rounded-sm bg-teal-600" /> Sales
        </span>
        <span className="inline-flex items-center gap-1.5">
          <span aria-hidden="true" className="size-2.5 rounded-sm bg-amber-500" /> Refunds
        </span>
      </figcaption>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Day (UTC)</th>
            <th scope="col">Sales</th>
            <th scope="col">Payments</th>
            <th scope="col">Refunds</th>
            <th scope="col">Net</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.day}>
              <th scope="row">{label(day.day)}</th>
              <td>{formatAmount(day.salesMinor, currency)}</td>
              <td>{day.salesCount}</td>
              <td>{formatAmount(day.refundsMinor, currency)}</td>
              <td>{formatAmount(day.netMinor, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
