import { code as currencyByCode, number as currencyByNumber } from 'currency-codes';
import XMLBuilder from 'fast-xml-builder';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { currencyExponent } from '../../money';
import { charsetFrom, decodeText, encodeText, type Charset } from './charset';

/**
 * NestPay's wire formats: the `CC5Request`/`CC5Response` XML of its API (ISO-8859-9 by default, UTF-8
 * when the document says so), the form posts of its 3-D gate, amounts and ISO 4217 numeric currencies.
 */

/** The fields of a CC5Request, in the platform's names. Card fields are only ever set by the request mapper. */
export interface CC5RequestFields {
  Name: string;
  Password: string;
  ClientId: string;
  Type?: 'Auth' | 'PreAuth' | 'PostAuth' | 'Void' | 'Credit';
  IPAddress?: string;
  OrderId?: string;
  Total?: string;
  Currency?: string;
  Taksit?: string;
  Number?: string;
  Expires?: string;
  Cvv2Val?: string;
  PayerTxnId?: string;
  PayerSecurityLevel?: string;
  PayerAuthenticationCode?: string;
  Mode?: 'P' | 'T';
  Extra?: Record<string, string>;
}

/** A parsed CC5Response: every element as text ('' when empty or absent), Extra's children by name. */
export interface CC5Response {
  OrderId: string;
  GroupId: string;
  Response: string;
  AuthCode: string;
  HostRefNum: string;
  ProcReturnCode: string;
  TransId: string;
  ErrMsg: string;
  Extra: Record<string, string>;
}

/** The bank answered something that is not a CC5Response. Its message never holds the body. */
export class NestPayMalformedResponse extends Error {
  constructor(reason: string) {
    super(`NestPay answered a malformed response: ${reason}`);
    this.name = 'NestPayMalformedResponse';
  }
}

export const xmlCharset: Charset = 'iso-8859-9';

/**
 * Well-formedness by the validator that ships with the parser, so the two agree on what XML is.
 */
// eslint-disable-next-line @typescript-eslint/no-deprecated -- fast-xml-parser's own validator, kept deliberately: its replacement (fast-xml-validator) is a different implementation and not a dependency; switching is a change of its own, with the framing fuzz to prove it
const validateXml = (xml: string) => XMLValidator.validate(xml);

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false });

export function buildCC5Request(fields: CC5RequestFields, charset: Charset = xmlCharset): Buffer {
  const label = charset === 'utf-8' ? 'UTF-8' : 'ISO-8859-9';
  const xml = `<?xml version="1.0" encoding="${label}"?>${builder.build({ CC5Request: fields })}`;
  return encodeText(xml, charset);
}

/** The root element a document names and its declared encoding, read before it is decoded. */
function declaredEncoding(bytes: Uint8Array): Charset {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  return charsetFrom(/^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1] ?? 'utf-8');
}

const parser = new XMLParser({
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  // No DOCTYPE entities: a bank never sends one, and they are the XML bomb's way in.
  processEntities: true,
  // HTML entities stay undecoded: the option's default (htmlEntities: false, now deprecated).
});

const textOf = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

/** Parses a CC5Response. Throws NestPayMalformedResponse for anything else (HTML, truncated XML, another root). */
export function parseCC5Response(body: Uint8Array | string): CC5Response {
  const xml = typeof body === 'string' ? body : decodeText(body, declaredEncoding(body));
  if (/<!DOCTYPE/i.test(xml)) throw new NestPayMalformedResponse('a DOCTYPE is not accepted');
  if (xml.trim() === '') throw new NestPayMalformedResponse('empty body');
  const valid = validateXml(xml);
  if (valid !== true) throw new NestPayMalformedResponse(`not well-formed XML (line ${valid.err.line})`);
  const document = parser.parse(xml) as Record<string, unknown>;
  const root = document.CC5Response;
  if (root === undefined || Object.keys(document).length !== 1) throw new NestPayMalformedResponse('the root is not CC5Response');
  const element = (typeof root === 'object' && root !== null ? root : {}) as Record<string, unknown>;
  const extraElement = element.Extra;
  const extra: Record<string, string> = {};
  if (typeof extraElement === 'object' && extraElement !== null) {
    for (const [name, value] of Object.entries(extraElement)) extra[name] = textOf(Array.isArray(value) ? value[0] : value);
  }
  const response: CC5Response = {
    OrderId: textOf(element.OrderId),
    GroupId: textOf(element.GroupId),
    Response: textOf(element.Response),
    AuthCode: textOf(element.AuthCode),
    HostRefNum: textOf(element.HostRefNum),
    ProcReturnCode: textOf(element.ProcReturnCode),
    TransId: textOf(element.TransId),
    ErrMsg: textOf(element.ErrMsg),
    Extra: extra,
  };
  if (!['Approved', 'Declined', 'Error'].includes(response.Response)) {
    throw new NestPayMalformedResponse('Response is not Approved, Declined or Error');
  }
  return response;
}

/** Parses a CC5Request (the local test bank's side). Throws NestPayMalformedResponse when it is not one. */
export function parseCC5Request(body: Uint8Array): Record<string, string | Record<string, string>> {
  const xml = decodeText(body, declaredEncoding(body));
  if (/<!DOCTYPE/i.test(xml) || validateXml(xml) !== true) throw new NestPayMalformedResponse('not well-formed XML');
  const document = parser.parse(xml) as Record<string, unknown>;
  const root = document.CC5Request;
  if (typeof root !== 'object' || root === null) throw new NestPayMalformedResponse('the root is not CC5Request');
  const out: Record<string, string | Record<string, string>> = {};
  for (const [name, value] of Object.entries(root)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      out[name] = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, textOf(inner)]));
    } else out[name] = textOf(Array.isArray(value) ? value[0] : value);
  }
  return out;
}

function exponentOf(currency: string): number {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) throw new RangeError('Unknown currency');
  return exponent;
}

/** 12345 TRY → "123.45"; 100 JPY → "100". Exact: string arithmetic on the integer, no floats. */
export function formatAmount(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError('minor must be a non-negative safe integer');
  const exponent = exponentOf(currency);
  if (exponent === 0) return String(minor);
  const digits = String(minor).padStart(exponent + 1, '0');
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** "123.45" TRY → 12345; undefined when the text is not an amount with at most the currency's decimals. */
export function parseAmountText(text: string, currency: string): number | undefined {
  const exponent = exponentOf(currency);
  const match = /^(\d{1,15})(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const fraction = (match[2] as string | undefined) ?? '';
  if (fraction.length > exponent) return undefined;
  return Number(match[1] + fraction.padEnd(exponent, '0'));
}

/** "TRY" → "949". */
export function currencyNumber(currency: string): string {
  const found = /^[A-Z]{3}$/.test(currency) ? currencyByCode(currency)?.number : undefined;
  if (!found) throw new RangeError('Unknown currency');
  return found;
}

/** "949" → "TRY"; undefined when unknown. */
export function currencyFromNumber(numeric: string): string | undefined {
  return /^\d{3}$/.test(numeric) ? currencyByNumber(numeric)?.code : undefined;
}

/** application/x-www-form-urlencoded in the given charset (the 3-D gate's posts). */
export function encodeForm(fields: Record<string, string>, charset: Charset = 'utf-8'): string {
  const escape = (text: string) =>
    [...encodeText(text, charset)]
      .map((byte) =>
        /[A-Za-z0-9*\-._]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : byte === 0x20 ? '+' : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
      )
      .join('');
  return Object.entries(fields)
    .map(([name, value]) => `${escape(name)}=${escape(value)}`)
    .join('&');
}

/** Percent-decodes to bytes; `raw` text came from bytes read as latin1, so each char is one byte. */
function percentBytes(text: string, raw = false): Buffer {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '+') bytes.push(0x20);
    else if (char === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(index + 1, index + 3))) {
      bytes.push(parseInt(text.slice(index + 1, index + 3), 16));
      index += 2;
    } else if (raw) bytes.push(char.charCodeAt(0) & 0xff);
    else bytes.push(...Buffer.from(char, 'utf8'));
  }
  return Buffer.from(bytes);
}

/**
 * Decodes a form post in the charset its `encoding` field (or the Content-Type's charset) names, so a
 * Latin-5 post from the bank keeps its Turkish letters and its hash verifies. Returns the charset used.
 */
export function parseForm(body: Uint8Array | string, contentTypeCharset?: string): { fields: Record<string, string>; charset: Charset } {
  const raw = typeof body !== 'string';
  const text = raw ? Buffer.from(body).toString('latin1') : body;
  const pairs = text
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair): [string, string] => {
      const equals = pair.indexOf('=');
      return equals === -1 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)];
    });
  const encodingPair = pairs.find(([name]) => percentBytes(name, raw).toString('latin1').toLowerCase() === 'encoding');
  const charset = charsetFrom(encodingPair ? percentBytes(encodingPair[1], raw).toString('latin1') : contentTypeCharset);
  const decode = (part: string) => (raw ? decodeText(percentBytes(part, true), charset) : charset === 'utf-8' ? percentBytes(part).toString('utf8') : decodeText(percentBytes(part), charset));
  const fields: Record<string, string> = {};
  for (const [name, value] of pairs) fields[decode(name)] = decode(value);
  return { fields, charset };
}
