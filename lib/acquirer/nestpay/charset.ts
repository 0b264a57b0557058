/**
 * The two character sets NestPay speaks: UTF-8 and ISO-8859-9 (Latin-5, the platform's default). Node
 * has no ISO-8859-9 encoder, and the ver3 hash is taken over the bytes the bank saw, so both directions
 * are here. ISO-8859-9 is Latin-1 with six Turkish letters in place of Icelandic ones.
 */
export type Charset = 'utf-8' | 'iso-8859-9';

const turkish: Partial<Record<number, number>> = { 0xd0: 0x011e, 0xdd: 0x0130, 0xde: 0x015e, 0xf0: 0x011f, 0xfd: 0x0131, 0xfe: 0x015f };
const turkishBytes = new Map(Object.entries(turkish).map(([byte, char]) => [char, Number(byte)]));

/** 'ISO-8859-9', 'iso8859-9', 'latin5', 'windows-1254' → iso-8859-9; UTF-8 otherwise. */
export function charsetFrom(label: string | null | undefined): Charset {
  const normal = (label ?? '').trim().toLowerCase().replace(/[^a-z0-9]/g, '');
  return ['iso88599', 'latin5', 'windows1254', 'cp1254'].includes(normal) ? 'iso-8859-9' : 'utf-8';
}

export function encodeText(text: string, charset: Charset): Buffer {
  if (charset === 'utf-8') return Buffer.from(text, 'utf8');
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0x3f; // never undefined: a string's iterator yields non-empty characters
    const mapped = turkishBytes.get(code);
    if (mapped !== undefined) bytes.push(mapped);
    else if (code < 0x100 && turkish[code] === undefined) bytes.push(code);
    else bytes.push(0x3f); // '?': the character has no place in Latin-5
  }
  return Buffer.from(bytes);
}

export function decodeText(bytes: Uint8Array, charset: Charset): string {
  if (charset === 'utf-8') return Buffer.from(bytes).toString('utf8');
  let out = '';
  for (const byte of bytes) out += String.fromCodePoint(turkish[byte] ?? byte);
  return out;
}
