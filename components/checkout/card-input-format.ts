// How the card form shows what the shopper types: digit grouping at the brand's gaps, the expiry's
// slash, and where the caret goes after a reformat. Pure functions, so they are unit-tested.
import valid from 'card-validator';

/** Grouping while the brand is not yet known. */
export const DEFAULT_GAPS = [4, 8, 12, 16];

/** `4546710000000007` → `4546 7100 0000 0007` at the brand's gaps. */
export function groupDigits(digits: string, gaps: number[]): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && gaps.includes(i)) out += ' ';
    out += digits[i];
  }
  return out;
}

/** The longest number the typed brand issues (19 while unknown). */
export function maxPanLength(digits: string): number {
  const lengths = digits ? valid.number(digits).card?.lengths : undefined;
  return lengths?.length ? Math.max(...lengths) : 19;
}

/** Typed or pasted expiry → `MM/YY` as far as typed, inserting the slash (and a leading 0 for 2–9). */
export function formatExpiry(raw: string, previous: string): string {
  const full = /^\s*(\d{1,2})\s*\/\s*(\d{4})\s*$/.exec(raw);
  if (full) return `${full[1].padStart(2, '0')}/${full[2].slice(2)}`;
  let digits = raw.replace(/\D/g, '');
  if (/^\d\s*\//.test(raw) || (digits.length === 1 && digits > '1')) digits = `0${digits}`;
  digits = digits.slice(0, 4);
  if (digits.length > 2) return `${digits.slice(0, 2)}/${digits.slice(2)}`;
  if (digits.length === 2 && raw.length >= previous.length) return `${digits}/`;
  return digits;
}

/** The caret after the n-th digit of a formatted value. */
export function caretAfterDigits(value: string, n: number): number {
  if (n <= 0) return 0;
  let seen = 0;
  for (let i = 0; i < value.length; i++) {
    if (/\d/.test(value[i]) && ++seen === n) return i + 1;
  }
  return value.length;
}
