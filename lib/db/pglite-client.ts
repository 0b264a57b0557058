import { PGlite, types, type ParserOptions } from '@electric-sql/pglite';

/**
 * The PGlite client Drizzle is given, made cheaper per query.
 *
 * Drizzle asks PGlite to return dates, timestamps and intervals as text (it maps them itself) by
 * passing `parsers` with every query, and PGlite then copies its whole table of type parsers for
 * that query: about 0.15 ms of the 0.3–0.4 ms a one-row read costs on this store (README,
 * Performance). Here PGlite is created with those parsers as its defaults, and a query's own
 * `parsers` are dropped when the defaults already hold every one of them; any other set (a future
 * Drizzle adding a type) still goes through unchanged.
 */
const asText = (value: string) => value;
const textTypes = [
  types.TIMESTAMP,
  types.TIMESTAMPTZ,
  types.INTERVAL,
  types.DATE,
  1231, // numeric[]
  1115, // timestamp[]
  1185, // timestamptz[]
  1187, // interval[]
  1182, // date[]
];
const defaultParsers: ParserOptions = Object.fromEntries(textTypes.map((type) => [type, asText]));

export async function createPgliteClient(directory: string): Promise<{ client: PGlite; forDrizzle: PGlite }> {
  const client = await PGlite.create(directory, { parsers: defaultParsers });
  return { client, forDrizzle: withDefaultParsers(client) };
}

interface Queryable {
  query(text: string, params?: unknown[], options?: { parsers?: ParserOptions }): Promise<unknown>;
}

/** Whether a query's parsers are all text parsers of a type the defaults already read as text. */
const redundant = new WeakMap<ParserOptions, boolean>();
export function coveredByDefaults(parsers: ParserOptions): boolean {
  let known = redundant.get(parsers);
  if (known === undefined) {
    known = Object.keys(parsers).every((type) => (defaultParsers[Number(type)] as ParserOptions[number] | undefined) !== undefined);
    redundant.set(parsers, known);
  }
  return known;
}

function withDefaultParsers<Client extends object>(target: Client): Client {
  return new Proxy(target, {
    get(client, property) {
      if (property === 'query') {
        const query: Queryable['query'] = (text, params, options) =>
          (client as unknown as Queryable).query(
            text,
            params,
            options?.parsers && coveredByDefaults(options.parsers) ? { ...options, parsers: undefined } : options,
          );
        return query;
      }
      // A transaction's handle gets the same treatment.
      if (property === 'transaction') {
        return <T>(callback: (tx: object) => Promise<T>) =>
          (client as unknown as { transaction(cb: (tx: object) => Promise<T>): Promise<T> }).transaction((tx) =>
            callback(withDefaultParsers(tx)),
          );
      }
      const value: unknown = Reflect.get(client, property, client);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(client) : value;
    },
  });
}
