/**
 * The first row of a query result, or undefined when there is none. TypeScript types `rows[0]` (and
 * `const [row] = rows`) as always present, so a "no such row" check would read as dead code; this says
 * what is true.
 */
export function firstRow<T>(rows: readonly T[]): T | undefined {
  return rows[0];
}
