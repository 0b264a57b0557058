import { PAGE_SIZE } from '../../schemas/dashboard-forms';

/**
 * The dashboard's reads, one module per resource (payments, checkouts, deliveries, merchants): plain
 * SQL, every query scoped by the signed-in merchant's id. The rules built on them (what may be
 * captured, cancelled or refunded; a payment's timeline) live in lib/dashboard.
 */

/** One page of a list, 1-based, PAGE_SIZE rows. */
export interface Paged<T> {
  rows: T[];
  total: number;
  /** 1-based. */
  page: number;
  pageSize: number;
  pageCount: number;
}

export const offsetOf = (page: number) => (page - 1) * PAGE_SIZE;

export const paged = <T>(rows: T[], total: number, page: number): Paged<T> => ({
  rows,
  total,
  page,
  pageSize: PAGE_SIZE,
  pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
});

/** `value` as a LIKE prefix, its wildcards taken literally. */
export const likePrefix = (value: string) => `${value.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
