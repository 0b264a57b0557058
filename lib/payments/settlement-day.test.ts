import { describe, expect, test } from 'vitest';
import { inOpenBatch, settlementDay } from './settlement-day';

const istanbul = { cutoff: '23:00', timeZone: 'Europe/Istanbul' };

describe('settlement day (cut-off 23:00 Europe/Istanbul, UTC+3)', () => {
  test('a charge before the cut-off belongs to its local date; at or after it, to the next', () => {
    expect(settlementDay(new Date('2026-12-07T19:59:00Z'), istanbul)).toBe('2026-12-07'); // 22:59 local
    expect(settlementDay(new Date('2026-12-07T20:00:00Z'), istanbul)).toBe('2026-12-08'); // 23:00 local
    expect(settlementDay(new Date('2026-12-07T22:30:00Z'), istanbul)).toBe('2026-12-08'); // 01:30 next day
  });

  test('the local date, not the UTC date, decides', () => {
    // 21:30 UTC on the 31st is 00:30 on 1 January in Istanbul.
    expect(settlementDay(new Date('2026-12-31T21:30:00Z'), istanbul)).toBe('2027-01-01');
    expect(settlementDay(new Date('2026-12-31T21:30:00Z'), { cutoff: '23:00', timeZone: 'UTC' })).toBe('2026-12-31');
    expect(settlementDay(new Date('2026-12-31T23:30:00Z'), { cutoff: '23:00', timeZone: 'UTC' })).toBe('2027-01-01');
  });

  test('a charge can be cancelled until the cut-off of its own settlement day, not after', () => {
    const takenAt = new Date('2026-12-07T07:00:00Z'); // 10:00 local
    expect(inOpenBatch(takenAt, new Date('2026-12-07T19:59:59Z'), istanbul)).toBe(true);
    expect(inOpenBatch(takenAt, new Date('2026-12-07T20:00:00Z'), istanbul)).toBe(false);
    const lateCharge = new Date('2026-12-07T20:30:00Z'); // 23:30 local: tomorrow's batch
    expect(inOpenBatch(lateCharge, new Date('2026-12-08T06:00:00Z'), istanbul)).toBe(true);
    expect(inOpenBatch(lateCharge, new Date('2026-12-08T20:00:00Z'), istanbul)).toBe(false);
  });
});
