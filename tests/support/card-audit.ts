/**
 * The card-data audit: card numbers and CVVs in a server's log, in PGlite's DATA_DIR (tables, WAL:
 * everything, including what a kill -9 left behind) or in any PostgreSQL row, and unkeyed digests
 * (SHA-256, SHA-1, MD5; hex and base64) of them and of every request body sent, from which card data
 * could be guessed back. Used by the audit project on the shared servers, by the resilience suites on
 * their own, and by the soak.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CVV, cards, everyCvv, everyPan, maskPan } from './cards';

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

/** Card numbers, CVV values and unkeyed digests of card data in a server log. */
export function cardDataInLog(logFile: string, digests: Map<string, string> = unkeyedDigests(logFile)): string[] {
  const log = readFileSync(logFile, 'utf8');
  const found = everyPan.filter((pan) => log.includes(pan)).map((pan) => `card number ${pan} in ${logFile}`);
  found.push(...digestsIn(log, digests).map((digest) => `${digest} in ${logFile}`));
  for (const line of log.split('\n')) {
    const amexNearby =
      (line.includes(maskPan(cards.amex.pan)) || /\b(pan|cvv)\b/i.test(line)) && new RegExp(`(?<!\\d)${CVV.amex}(?!\\d)`).test(line);
    if (CVV_FIELD_WITH_VALUE.test(line) || cvvs.some((cvv) => line.includes(`"${cvv}"`)) || amexNearby) {
      found.push(`CVV in ${logFile}: ${line.slice(0, 300)}`);
    }
  }
  return found;
}

/** Where the request bodies sent to the server logging to `logFile` are journaled. */
const sentBodiesFile = (logFile: string) => `${logFile}.sent-bodies.jsonl`;

/**
 * Journals a request body sent to a server (tests/support/api.ts calls it for every request), so that
 * the audit can look for digests of it. Bodies above the server's 64 KiB limit are refused unread.
 */
export function recordSentBody(server: { logFile?: string }, method: string, urlPath: string, body: string): void {
  if (!server.logFile || body.length > 64 * 1024) return;
  appendFileSync(sentBodiesFile(server.logFile), `${JSON.stringify({ method, path: urlPath.split('?')[0], body })}\n`);
}

/**
 * Unkeyed digests an implementation might store, each mapped to what it is a digest of: of every card
 * number and CVV of the suite, and of every journaled body alone and framed with its method and path.
 * Hex digests are kept lower-case; base64 ones as standard (padded and not) and URL-safe.
 */
export function unkeyedDigests(logFile?: string): Map<string, string> {
  const inputs: [string, string][] = [
    ...everyPan.map((pan): [string, string] => [pan, `card number ${pan}`]),
    ...everyCvv.map((cvv): [string, string] => [cvv, `CVV ${cvv}`]),
  ];
  if (logFile && existsSync(sentBodiesFile(logFile))) {
    for (const line of readFileSync(sentBodiesFile(logFile), 'utf8').split('\n')) {
      if (!line) continue;
      const { method, path: urlPath, body } = JSON.parse(line) as { method: string; path: string; body: string };
      const what = `the body of a ${method} ${urlPath}`;
      inputs.push([body, what], [`${method} ${urlPath}\n${body}`, what], [`${method} ${urlPath} ${body}`, what], [`${urlPath}\n${body}`, what]);
    }
  }
  const digests = new Map<string, string>();
  for (const [input, what] of inputs) {
    for (const algorithm of ['sha256', 'sha1', 'md5']) {
      const digest = createHash(algorithm).update(input).digest();
      const base64 = digest.toString('base64');
      const label = `unkeyed ${algorithm} of ${what}`;
      for (const encoded of [digest.toString('hex'), base64, base64.replace(/=+$/, ''), digest.toString('base64url')]) digests.set(encoded, label);
    }
  }
  return digests;
}

const DIGEST_PREFIX = 8;
const prefixIndexes = new WeakMap<Map<string, string>, Map<string, string[]>>();

/** The digests of `wanted` by their first characters, built once per map: a DATA_DIR has a thousand files. */
function prefixIndex(wanted: Map<string, string>): Map<string, string[]> {
  let byPrefix = prefixIndexes.get(wanted);
  if (byPrefix) return byPrefix;
  byPrefix = new Map();
  for (const digest of wanted.keys()) {
    const prefix = digest.slice(0, DIGEST_PREFIX);
    const digests = byPrefix.get(prefix);
    if (digests) digests.push(digest);
    else byPrefix.set(prefix, [digest]);
  }
  prefixIndexes.set(wanted, byPrefix);
  return byPrefix;
}

/**
 * The digests of `wanted` that occur in `text`, wherever they stand: inside runs of hex or base64
 * characters (a stored value may touch its neighbours' bytes in a data file), in either case for hex.
 */
export function digestsIn(text: string, wanted: Map<string, string>): string[] {
  const byPrefix = prefixIndex(wanted);
  const found = new Set<string>();
  for (const [run] of text.matchAll(/[A-Za-z0-9+/=_-]{22,}/g)) {
    for (const candidate of new Set([run, run.toLowerCase()])) {
      for (let at = 0; at + 22 <= candidate.length; at++) {
        for (const digest of byPrefix.get(candidate.slice(at, at + DIGEST_PREFIX)) ?? []) {
          if (candidate.startsWith(digest, at)) found.add(`${wanted.get(digest)} (${digest})`);
        }
      }
    }
  }
  return [...found];
}

/** Card numbers and `cvv`-labelled CVV values in any file of a PGlite DATA_DIR; `sawOrders` proves the rows were readable. */
export function cardDataInDataDir(dataDir: string, digests: Map<string, string> = unkeyedDigests()): { found: string[]; sawOrders: boolean } {
  const found: string[] = [];
  let sawOrders = false;
  const panBytes = everyPan.map((pan) => [pan, Buffer.from(pan, 'latin1')] as const);
  for (const file of filesUnder(dataDir)) {
    if (statSync(file).size === 0) continue;
    const bytes = readFileSync(file);
    sawOrders ||= bytes.includes('ORD-');
    for (const [pan, needle] of panBytes) if (bytes.includes(needle)) found.push(`${pan} in ${path.relative(dataDir, file)}`);
    const text = bytes.toString('latin1');
    found.push(...digestsIn(text, digests).map((digest) => `${digest} in ${path.relative(dataDir, file)}`));
    for (let at = text.indexOf('cvv'); at !== -1; at = text.indexOf('cvv', at + 3)) {
      const window = text.slice(Math.max(0, at - 64), at + 64);
      const cvv = cvvs.find((value) => new RegExp(`(?<!\\d)${value}(?!\\d)`).test(window));
      if (cvv) found.push(`CVV ${cvv} next to "cvv" in ${path.relative(dataDir, file)}`);
    }
  }
  return { found, sawOrders };
}

/** Card numbers, CVVs and their unkeyed digests in any row of the database, and columns meant for a CVV. */
export async function cardDataInDatabase(
  query: Query,
  digests: Map<string, string> = unkeyedDigests(),
): Promise<{ found: string[]; sawOrders: boolean }> {
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
      ...digestsIn(text, digests).map((digest) => `${digest} in a row`),
    ],
  };
}
