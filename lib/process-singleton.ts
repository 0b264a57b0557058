/**
 * One instance per server process. Next.js loads instrumentation and each route in its own module
 * graph, so plain module-level state would exist once per graph; globalThis is shared by all.
 */
export function processSingleton<T>(name: string, create: () => T): T {
  const registry = globalThis as typeof globalThis & { __kasa?: Map<string, unknown> };
  registry.__kasa ??= new Map();
  if (!registry.__kasa.has(name)) registry.__kasa.set(name, create());
  return registry.__kasa.get(name) as T;
}
