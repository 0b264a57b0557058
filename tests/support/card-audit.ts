/**
 * The card-data audit: card numbers and CVVs in a server's log, in PGlite's DATA_DIR (tables, WAL:
 * everything, including what a kill -9 left behind) or in any PostgreSQL row. Used by the audit project
 * on the shared servers, by the resilience suites on their own, and by the soak.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CVV, cards, everyPan, maskPan } from './cards';

/** A SQL query against one store: rows of `text` with `params`. */
export type Query = <Row = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<Row[]>;

const cvvs = [CVV.standard, CVV.alternate, CVV.amex, CVV.fourDigits];
const CVV_FIELD_WITH_VALUE = /["']?\b(cvv|cvc|cvv2|securityCode|security_code)\b["']?\s*[:=]\s*"?\d/i;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return entry.isFile() ? [full] : [];
  });
}

/** Card numbers and CVV values in a server log. */
export function cardDataInLog(logFile: string): string[] {
  const log = readFileSync(logFile, 'utf8');
  const found = everyPan.filter((pan) => log.includes(pan)).map((pan) => `card number ${pan} in ${logFile}`);
  for (const line of log.split('\n')) {
    const amexNearby =
      (line.includes(maskPan(cards.amex.pan)) || /\b(pan|cvv)\b/i.test(line)) && new RegExp(`(?<!\\d)${CVV.amex}(?!\\d)`).test(line);
    if (CVV_FIELD_WITH_VALUE.test(line) || cvvs.some((cvv) => line.includes(`"${cvv}"`)) || amexNearby) {
      found.push(`CVV in ${logFile}: ${line.slice(0, 300)}`);
    }
  }
  return found;
}

/** Card numbers and `cvv`-labelled CVV values in any file of a PGlite DATA_DIR; `sawOrders` proves the rows were readable. */
export function cardDataInDataDir(dataDir: string): { found: string[]; sawOrders: boolean } {
  const found: string[] = [];
  let sawOrders = false;
  const panBytes = everyPan.map((pan) => [pan, Buffer.from(pan, 'latin1')] as const);
  for (const file of filesUnder(dataDir)) {
    if (statSync(file).size === 0) continue;
    const bytes = readFileSync(file);
    sawOrders ||= bytes.includes('ORD-');
    for (const [pan, needle] of panBytes) if (bytes.includes(needle)) found.push(`${pan} in ${path.relative(dataDir, file)}`);
    const text = bytes.toString('latin1');
    for (let at = text.indexOf('cvv'); at !== -1; at = text.indexOf('cvv', at + 3)) {
      const window = text.slice(Math.max(0, at - 64), at + 64);
      const cvv = cvvs.find((value) => new RegExp(`(?<!\\d)${value}(?!\\d)`).test(window));
      if (cvv) found.push(`CVV ${cvv} next to "cvv" in ${path.relative(dataDir, file)}`);
    }
  }
  return { found, sawOrders };
}

/** Card numbers and CVVs in any row of the database, and columns meant for a CVV. */
export async function cardDataInDatabase(query: Query): Promise<{ found: string[]; sawOrders: boolean }> {
  const tables = await query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const parts: string[] = [];
  for (const { schema, name } of tables) {
    const rows = await query<{ row: string }>(`SELECT t::text AS row FROM "${schema}"."${name}" t`);
    parts.push(...rows.map((row) => row.row));
  }
  const text = parts.join('\n');
  const columns = await query<{ column: string }>(
    `SELECT table_name || '.' || column_name AS column FROM information_schema.columns
      WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND column_name ~* 'cvv|cvc|security_?code'`,
  );
  return {
    sawOrders: text.includes('ORD-'),
    found: [
      ...everyPan.filter((pan) => text.includes(pan)).map((pan) => `card number ${pan} in a row`),
      ...(text.match(/"(cvv|cvc|securityCode)"\s*:\s*"?\w+/gi) ?? []).map((match) => `CVV field ${match}`),
      ...cvvs.filter((cvv) => text.includes(`"${cvv}"`)).map((cvv) => `CVV "${cvv}" in a row`),
      ...columns.map((column) => `CVV column ${column.column}`),
    ],
  };
}
