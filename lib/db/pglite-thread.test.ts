import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { integer, pgTable, timestamp } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThreadClient, type ThreadClient } from './pglite-thread';

const items = pgTable('items', {
  id: integer('id').primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

describe('PGlite in a worker thread, as Drizzle uses it', () => {
  let directory: string;
  let client: ThreadClient;
  const db = () => drizzle({ client: client as never });

  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'kasa-pglite-thread-'));
    client = await createThreadClient(path.join(directory, 'pglite'));
    await client.exec('create table items (id integer primary key, at timestamptz not null default now())');
  });
  afterAll(async () => {
    await client.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('reads and writes rows, timestamps mapped as over an in-thread client', async () => {
    await db().insert(items).values({ id: 1, at: new Date('2026-12-07T10:00:00.123Z') });
    expect(await db().select().from(items)).toEqual([{ id: 1, at: new Date('2026-12-07T10:00:00.123Z') }]);
  });

  it('passes a database error on with its code', async () => {
    const failure = await db().insert(items).values({ id: 1 }).then(() => null, (error: unknown) => error);
    expect((failure as { cause?: { code?: string } } | null)?.cause?.code).toBe('23505');
  });

  it('commits a transaction that returns and rolls back one that throws', async () => {
    expect(await db().transaction(async (tx) => { await tx.insert(items).values({ id: 2 }); return 'done'; })).toBe('done');
    await expect(db().transaction(async (tx) => {
      await tx.insert(items).values({ id: 3 });
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    await expect(db().transaction(async (tx) => {
      await tx.insert(items).values({ id: 4 });
      await tx.insert(items).values({ id: 2 });
    })).rejects.toThrow();
    const ids = (await db().select({ id: items.id }).from(items)).map((row) => row.id).sort();
    expect(ids).toEqual([1, 2]);
  });

  it('makes a query outside a transaction wait until the transaction has committed', async () => {
    const seen: string[] = [];
    let inside!: () => void;
    const opened = new Promise<void>((resolve) => { inside = resolve; });
    const transaction = db().transaction(async (tx) => {
      await tx.insert(items).values({ id: 10 });
      inside();
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen.push('committing');
    });
    await opened;
    const count = db().execute(sql`select count(*)::int as n from items where id = 10`).then((result) => {
      seen.push('read');
      return (result as unknown as { rows: { n: number }[] }).rows[0].n;
    });
    await transaction;
    expect(await count).toBe(1);
    expect(seen).toEqual(['committing', 'read']);
  });

  it('keeps what it acknowledged when the directory is opened again', async () => {
    await client.close();
    client = await createThreadClient(path.join(directory, 'pglite'));
    const ids = (await db().select({ id: items.id }).from(items)).map((row) => row.id).sort((a, b) => a - b);
    expect(ids).toEqual([1, 2, 10]);
  });
});
