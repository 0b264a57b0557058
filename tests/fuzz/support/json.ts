/**
 * Request bodies as JSON text the fuzzer controls to the byte: tokens JSON.stringify cannot write
 * (`1e999`, `-0`), objects with a repeated key, and a `__proto__` key sent as data.
 */
import fc from 'fast-check';

/** A JSON token written verbatim, e.g. `1e999` (parses to Infinity) or `-0`. */
export class RawJson {
  constructor(readonly text: string) {}
  [fc.toStringMethod]() {
    return `raw(${this.text})`;
  }
}

/** An object as an ordered list of members: keys may repeat, and `__proto__` is an ordinary key. */
export class JsonObject {
  constructor(readonly entries: [string, unknown][]) {}
  [fc.toStringMethod]() {
    return `{${this.entries.map(([key, value]) => `${JSON.stringify(key)}: ${fc.stringify(value)}`).join(', ')}}`;
  }
}

export const raw = (text: string) => new RawJson(text);

/** JSON text of `value`; plain objects keep their key order, undefined members are left out. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof JsonObject) {
    return `{${value.entries
      .filter(([, member]) => member !== undefined)
      .map(([key, member]) => `${JSON.stringify(key)}:${toJsonText(member)}`)
      .join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : toJsonText(item))).join(',')}]`;
  if (value !== null && typeof value === 'object') return toJsonText(new JsonObject(Object.entries(value)));
  // JSON.stringify answers undefined for a function or symbol, whatever its declared string says.
  const stringify = (member: unknown): string | undefined => JSON.stringify(member);
  return stringify(value) ?? 'null';
}

/** What the server sees: JSON.parse of the text (the last of repeated keys wins). */
export const parsed = (value: unknown): unknown => JSON.parse(toJsonText(value));

export type Fields = Record<string, unknown>;

/** A request object with `field` set (`undefined` deletes it), as a new object. */
export const withField = (request: Fields, field: string, value: unknown): Fields => {
  const copy = { ...request };
  if (value === undefined) Reflect.deleteProperty(copy, field);
  else copy[field] = value;
  return copy;
};

/** UTF-8 size of the JSON text. */
export const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');
