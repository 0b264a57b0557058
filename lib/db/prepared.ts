import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Executor } from './client';

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
