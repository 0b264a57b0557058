function requirePan(pan: string): void {
  // Never echo the input: it may be a full card number.
  if (!/^\d{12,19}$/.test(pan)) throw new RangeError('Expected a card number of 12–19 digits');
}

/** First 6, `*` for the middle, last 4: 542119******0656. */
export function maskPan(pan: string): string {
  requirePan(pan);
  return pan.slice(0, 6) + '*'.repeat(pan.length - 10) + pan.slice(-4);
}

export function panBin(pan: string): string {
  requirePan(pan);
  return pan.slice(0, 6);
}

export function panLast4(pan: string): string {
  requirePan(pan);
  return pan.slice(-4);
}
