import { and, type SQL } from 'drizzle-orm';

/**
 * drizzle's `and()` of a condition that is always there and optional further ones. drizzle types
 * `and()` as possibly undefined (it is, given no conditions); with a first condition it never is.
 */
export function allOf(first: SQL, ...rest: (SQL | undefined)[]): SQL {
  return and(first, ...rest) ?? first;
}
