/** A copy of `value` without `keys` (what `const { key: _, ...rest } = value` says, without the unused name). */
export function omit<T extends object, K extends keyof T & string>(value: T, ...keys: K[]): Omit<T, K> {
  const dropped = new Set<string>(keys);
  return Object.fromEntries(Object.entries(value).filter(([key]) => !dropped.has(key))) as Omit<T, K>;
}
