// Runs after every HTTP test (project "audit", groupOrder 2): the card number and CVV of every request
// the suite made appear in no database row and no log line. All card data the suite sends comes from
// tests/support/cards.ts, so searching for every PAN and CVV there covers every request.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, test } from 'vitest';
import { CVV, everyPan, maskPan, cards } from '../support/cards';
import { backends, type Backend } from '../support/context';

const cvvs = [CVV.standard, CVV.alternate, CVV.amex, CVV.fourDigits];
/** A CVV field that carries a value instead of being absent or redacted. */
const CVV_FIELD_WITH_VALUE = /["']?\b(cvv|cvc|cvv2|securityCode|security_code)\b["']?\s*[:=]\s*"?\d/i;

/** Files under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return entry.isFile() ? [full] : [];
  });
}

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

/** `SELECT t::text FROM <table> t` over every table outside the system schemas. */
async function dumpDatabase(databaseUrl: string): Promise<{ text: string; columns: string[] }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    const parts: string[] = [];
    for (const { schema, name } of tables) {
      const { rows } = await client.query<{ row: string }>(`SELECT t::text AS row FROM "${schema}"."${name}" t`);
      parts.push(`## ${schema}.${name}`, ...rows.map((r) => r.row));
    }
    const { rows: columns } = await client.query<{ column: string }>(
      `SELECT table_schema || '.' || table_name || '.' || column_name AS column FROM information_schema.columns
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    return { text: parts.join('\n'), columns: columns.map((c) => c.column) };
  } finally {
    await client.end();
  }
}

describe.each(backends().map((backend) => ({ name: backend.name, backend })))('$name', ({ backend }) => {
  let log = '';

  beforeAll(async () => {
    await stopGracefully(backend);
    log = readFileSync(backend.logFile, 'utf8');
  });

  test('the server log contains no card number', () => {
    expect(log.length, 'the server wrote a log').toBeGreaterThan(0);
    const found = everyPan.filter((pan) => log.includes(pan));
    expect(found, `card numbers in ${backend.logFile}`).toEqual([]);
  });

  test('no server log line carries a CVV value', () => {
    const offending = log.split('\n').filter((line) => {
      if (CVV_FIELD_WITH_VALUE.test(line)) return true;
      if (cvvs.some((cvv) => line.includes(`"${cvv}"`))) return true;
      // The 4-digit CVV of the AMEX card, anywhere near card data.
      const cardContext = line.includes(maskPan(cards.amex.pan)) || /\b(pan|cvv)\b/i.test(line);
      return cardContext && new RegExp(`(?<!\\d)${CVV.amex}(?!\\d)`).test(line);
    });
    expect(offending.map((line) => line.slice(0, 400)), `lines of ${backend.logFile}`).toEqual([]);
  });

  if (backend.name === 'pglite') {
    test('no file under the PGlite DATA_DIR (tables, WAL, everything) contains a card number or a CVV field', () => {
      const files = filesUnder(backend.dataDir);
      expect(files.length, 'files in DATA_DIR').toBeGreaterThan(0);
      const found: string[] = [];
      let sawOrders = false;
      const panBytes = everyPan.map((pan) => [pan, Buffer.from(pan, 'latin1')] as const);
      for (const file of files) {
        if (statSync(file).size === 0) continue;
        const bytes = readFileSync(file);
        sawOrders ||= bytes.includes('ORD-');
        for (const [pan, needle] of panBytes) if (bytes.includes(needle)) found.push(`${pan} in ${path.relative(backend.dataDir, file)}`);
        // A lowercase `cvv` token (a column, a JSON key, a stored request) with a fixture CVV next to it.
        const text = bytes.toString('latin1');
        for (let at = text.indexOf('cvv'); at !== -1; at = text.indexOf('cvv', at + 3)) {
          const window = text.slice(Math.max(0, at - 64), at + 64);
          const cvv = cvvs.find((value) => new RegExp(`(?<!\\d)${value}(?!\\d)`).test(window));
          if (cvv) found.push(`CVV ${cvv} next to "cvv" in ${path.relative(backend.dataDir, file)}`);
        }
      }
      expect(sawOrders, 'the search reads the stored rows (some orderId "ORD-…" must be visible)').toBe(true);
      expect(found).toEqual([]);
    });
  }

  if (backend.databaseUrl) {
    test('no PostgreSQL row contains a card number or a CVV, and no column is meant for a CVV', async () => {
      const { text, columns } = await dumpDatabase(backend.databaseUrl!);
      expect(text, 'the dump holds the payments made').toContain('ORD-');
      expect(everyPan.filter((pan) => text.includes(pan)), 'card numbers in the database').toEqual([]);
      expect(text.match(/"(cvv|cvc|securityCode)"\s*:\s*"?\w+/gi) ?? [], 'CVV fields in stored JSON').toEqual([]);
      expect(cvvs.filter((cvv) => text.includes(`"${cvv}"`)), 'CVVs as JSON strings in the database').toEqual([]);
      expect(columns.filter((column) => /cvv|cvc|security_?code/i.test(column.split('.').pop()!)), 'CVV columns').toEqual([]);
    });
  }
});
