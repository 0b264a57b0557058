import { PGlite, types } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { date, integer, interval, pgTable, timestamp } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteClient } from './pglite-client';

const moments = pgTable('moments', {
  id: integer('id').primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  local: timestamp('local').notNull(),
  day: date('day').notNull(),
  span: interval('span').notNull(),
});

describe('the PGlite client given to Drizzle', () => {
  let plain: PGlite;
  let created: Awaited<ReturnType<typeof createPgliteClient>>;

  beforeAll(async () => {
    plain = await PGlite.create();
    created = await createPgliteClient('memory://');
    for (const client of [plain, created.client]) {
      await client.exec(`create table moments (id integer primary key, at timestamptz not null, local timestamp not null, day date not null, span interval not null);
        insert into moments values (1, '2026-11-27 03:04:05.678+03', '2026-11-27 03:04:05.678', '2026-02-28', '1 day 02:00:00')`);
    }
  });
  afterAll(async () => {
    await plain.close();
    await created.client.close();
  });

  it('reads every column as Drizzle does over a plain client, in and out of transactions', async () => {
    const expected = await drizzle({ client: plain }).select().from(moments);
    const fast = drizzle({ client: created.forDrizzle });
    expect(await fast.select().from(moments)).toEqual(expected);
    expect(await fast.transaction((tx) => tx.select().from(moments))).toEqual(expected);
    expect(expected[0].at).toEqual(new Date('2026-11-27T00:04:05.678Z'));
    expect(await fast.execute(sql`select count(*)::int as n from moments`)).toMatchObject({ rows: [{ n: 1 }] });
  });

  it('keeps a query’s own parsers when the defaults do not cover them', async () => {
    const result = await created.forDrizzle.query<{ n: string }>('select 7::int4 as n', [], { parsers: { [types.INT4]: () => 'seven' } });
    expect(result.rows).toEqual([{ n: 'seven' }]);
  });

  it('reads timestamps as text by default, the way Drizzle asks for them', async () => {
    const result = await created.client.query<{ at: unknown }>('select at from moments');
    expect(typeof result.rows[0].at).toBe('string');
  });
});
