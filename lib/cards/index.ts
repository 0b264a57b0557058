export { type CardScheme, type PanValidation, detectScheme, cardGaps, cvvLength, validatePan } from './brands';
export { type CardProfile, lookupCard, installmentsAllowed } from './bin-table';
export { maskPan, panBin, panLast4 } from './mask';
export { type ExpiryValidation, validateExpiry } from './expiry';
