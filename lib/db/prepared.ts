import { sql, type SQL } from 'drizzle-orm';
import { PgDialect, type PgColumn } from 'drizzle-orm/pg-core';
import type { Database, Executor } from './client';

const dialect = new PgDialect();

/** Runs a statement built by preparedSql, with a value for each of its placeholders. */
export type PreparedSql = (executor: Executor, values: Record<string, unknown>) => Promise<unknown>;

/**
 * A hand-written statement (a CTE Drizzle's builders cannot express) whose values are all
 * `sql.placeholder(…)`s, turned into text once. Drizzle rebuilds the text of `db.execute(sql…)` on
 * every call, and for a statement of some thirty columns that cost more main-thread time than the
 * database spent on it; named, the statement is also parsed and planned once per connection (on the
 * embedded store: lib/db/pglite-worker.mjs). Works inside a transaction too.
 */
export function preparedSql(name: string, statement: SQL): PreparedSql {
  const query = dialect.sqlToQuery(statement);
  return (executor, values) => executor._.session.prepareQuery(query, undefined, name, false).execute(values);
}

/**
 * A query of Drizzle's builders whose values are all `sql.placeholder(…)`s, built (and so turned into
 * text) once per database handle instead of on every call: `prepare` gets the handle and returns the
 * builder's `.prepare(name)`. A transaction is a handle of its own, so it builds its own once.
 */
export function preparedQuery<Query>(prepare: (db: Database) => Query): (db: Database) => Query {
  const built = new WeakMap<Database, Query>();
  return (db) => {
    let query = built.get(db);
    if (!query) built.set(db, (query = prepare(db)));
    return query;
  };
}

/**
 * The placeholder of a column's value, cast to the column's type: the parameters of a hand-written
 * statement carry no type, and INSERT … SELECT infers none from its target columns.
 */
export function columnPlaceholder(column: PgColumn, name: string): SQL {
  return sql`${sql.placeholder(name)}::${sql.raw(column.getSQLType())}`;
}

/** A row's values for those placeholders, dates as ISO text (no column mapping applies to them). */
export function placeholderValues<Row>(row: Row, keys: readonly (keyof Row & string)[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => {
    const value = row[key];
    return [key, value instanceof Date ? value.toISOString() : value];
  }));
}
