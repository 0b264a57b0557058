export type ExpiryValidation =
  | { ok: true }
  | {
      ok: false;
      field: 'expiryMonth' | 'expiryYear';
      code: 'INVALID_EXPIRY_MONTH' | 'INVALID_EXPIRY_YEAR' | 'CARD_EXPIRED';
      message: string;
    };

/** Month `01`–`12`, year `YY` meaning 20YY; the card is valid through the end of its expiry month (UTC). */
export function validateExpiry(month: string, year: string, now = new Date()): ExpiryValidation {
  if (!/^(0[1-9]|1[0-2])$/.test(month)) {
    return { ok: false, field: 'expiryMonth', code: 'INVALID_EXPIRY_MONTH', message: 'Expiry month must be 01 to 12' };
  }
  if (!/^\d{2}$/.test(year)) {
    return { ok: false, field: 'expiryYear', code: 'INVALID_EXPIRY_YEAR', message: 'Expiry year must be two digits' };
  }
  const fullYear = 2000 + Number(year);
  // Date.UTC with month index = expiry month is the first instant of the following month.
  if (now.getTime() >= Date.UTC(fullYear, Number(month), 1)) {
    const field = fullYear < now.getUTCFullYear() ? 'expiryYear' : 'expiryMonth';
    return { ok: false, field, code: 'CARD_EXPIRED', message: 'Card has expired' };
  }
  return { ok: true };
}
