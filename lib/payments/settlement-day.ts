import { config } from '../config';

/**
 * The settlement day a charge belongs to: its local date in the settlement time zone, or the next
 * date when it was taken at or after the day's cut-off (that batch has closed). A charge can be
 * cancelled while the settlement day of now is still its own (reference §10).
 */
export function settlementDay(
  at: Date,
  { cutoff, timeZone }: { cutoff: string; timeZone: string } = config.settlement,
): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const localDate = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
  const afterCutoff = `${parts.hour}:${parts.minute}` >= cutoff;
  return new Date(localDate + (afterCutoff ? DAY_MS : 0)).toISOString().slice(0, 10);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Is a charge taken at `takenAt` still in the open settlement batch at `now`? */
export function inOpenBatch(takenAt: Date, now = new Date(), settlement = config.settlement): boolean {
  return settlementDay(takenAt, settlement) === settlementDay(now, settlement);
}
