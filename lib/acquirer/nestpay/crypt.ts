import { createHash, timingSafeEqual } from 'node:crypto';
import { encodeText, type Charset } from './charset';

/**
 * NestPay hash version 3 (`hashAlgorithm=ver3`), for the 3-D gate form Kasa posts and the bank's 3-D
 * return post: every field but `hash` and `encoding` (any case), ordered by name the way PHP's
 * natcasesort orders them (the platform's reference code), each value with `\` → `\\` and `|` → `\|`,
 * joined by `|`, then `|` and the escaped store key; base64 of the SHA-512 digest of those bytes.
 */
export type HashFields = Record<string, string | number | null | undefined>;

/** Left out of the hash. `nationalidno` is posted by some banks (Ziraat) and is not part of their hash. */
const unhashed = new Set(['hash', 'encoding', 'nationalidno']);

function escapeValue(value: string | number | null | undefined): string {
  return String(value ?? '').replaceAll('\\', '\\\\').replaceAll('|', '\\|');
}

const isDigit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9';

/**
 * Natural, case-insensitive order of field names, as C's strnatcasecmp (which PHP's natcasesort uses):
 * letters compared upper-cased, runs of digits compared as numbers ("a2" < "a10"), runs with a leading
 * zero compared as fractions.
 */
export function compareFieldNames(left: string, right: string): number {
  const a = left.toUpperCase();
  const b = right.toUpperCase();
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (isDigit(a[i]) && isDigit(b[j])) {
      let endA = i;
      let endB = j;
      while (isDigit(a[endA])) endA++;
      while (isDigit(b[endB])) endB++;
      const runA = a.slice(i, endA);
      const runB = b.slice(j, endB);
      let order: number;
      if (runA[0] === '0' || runB[0] === '0') {
        order = runA < runB ? -1 : runA > runB ? 1 : 0;
      } else {
        order = runA.length !== runB.length ? runA.length - runB.length : runA < runB ? -1 : runA > runB ? 1 : 0;
      }
      if (order !== 0) return Math.sign(order);
      i = endA;
      j = endB;
      continue;
    }
    if (a[i] !== b[j]) return a[i] < b[j] ? -1 : 1;
    i++;
    j++;
  }
  return Math.sign(a.length - i - (b.length - j));
}

/** The string that is hashed (exported for tests; it holds the store key, so it is never logged). */
export function ver3HashInput(fields: HashFields, storeKey: string): string {
  const names = Object.keys(fields)
    .filter((name) => !unhashed.has(name.toLowerCase()))
    .sort(compareFieldNames);
  return [...names.map((name) => escapeValue(fields[name])), escapeValue(storeKey)].join('|');
}

export function ver3Hash(fields: HashFields, storeKey: string, charset: Charset = 'utf-8'): string {
  return createHash('sha512').update(encodeText(ver3HashInput(fields, storeKey), charset)).digest('base64');
}

/**
 * Checks the `HASH` (or `hash`) a post carries, in constant time. A missing or malformed hash fails.
 */
export function verifyVer3Hash(fields: HashFields, storeKey: string, charset: Charset = 'utf-8'): boolean {
  const given = fields.HASH ?? fields.hash;
  if (typeof given !== 'string' || !/^[A-Za-z0-9+/]{86}==$/.test(given)) return false;
  const expected = Buffer.from(ver3Hash(fields, storeKey, charset), 'base64');
  const actual = Buffer.from(given, 'base64');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
