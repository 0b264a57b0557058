// Runs after every HTTP test (project "audit", groupOrder 4): the card number and CVV of every request
// the suite made appear in no database row and no log line, and neither do unkeyed digests of them or
// of any request body the suite sent (journaled by tests/support/api.ts). All card data the suite sends
// comes from tests/support/cards.ts, so searching for every PAN and CVV there covers every request.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { beforeAll, describe, expect, test } from 'vitest';
import { cardDataInDatabase, cardDataInDataDir, cardDataInLog, unkeyedDigests, type Query } from '../support/card-audit';
import { backends, type Backend } from '../support/context';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a server gracefully (SIGTERM), so that its store is flushed to DATA_DIR and its log is
 * complete before they are searched. The harness's teardown copes with an already stopped server.
 */
async function stopGracefully(backend: Backend): Promise<void> {
  if (!processAlive(backend.pid)) return;
  process.kill(backend.pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (processAlive(backend.pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** Runs `body` with a query function on the backend's PostgreSQL database. */
async function withDatabase<T>(databaseUrl: string, body: (query: Query) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await body(async (text, params) => (await client.query(text, params)).rows);
  } finally {
    await client.end();
  }
}

describe.each(backends().map((backend) => ({ name: backend.name, backend })))('$name', ({ backend }) => {
  let digests: Map<string, string>;
  beforeAll(async () => {
    await stopGracefully(backend);
    digests = unkeyedDigests(backend.logFile);
  });

  test('the digests searched for cover the request bodies the suite sent', () => {
    expect(digests.size, 'bodies were journaled').toBeGreaterThan(1000);
  });

  test('the server log contains no card number, no CVV value and no unkeyed digest of card data or a request body', () => {
    expect(readFileSync(backend.logFile, 'utf8').length, 'the server wrote a log').toBeGreaterThan(0);
    expect(cardDataInLog(backend.logFile, digests)).toEqual([]);
  });

  if (backend.name === 'pglite') {
    test('no file under the PGlite DATA_DIR (tables, WAL, everything) contains a card number, a CVV field or an unkeyed digest', () => {
      const { found, sawOrders } = cardDataInDataDir(backend.dataDir, digests);
      expect(sawOrders, 'the search reads the stored rows (some orderId "ORD-…" must be visible)').toBe(true);
      expect(found).toEqual([]);
    });
  }

  if (backend.databaseUrl) {
    test('no PostgreSQL row contains a card number, a CVV or an unkeyed digest, and no column is meant for a CVV', async () => {
      const { found, sawOrders } = await withDatabase(backend.databaseUrl!, (query) => cardDataInDatabase(query, digests));
      expect(sawOrders, 'the dump holds the payments made').toBe(true);
      expect(found).toEqual([]);
    });
  }
});
