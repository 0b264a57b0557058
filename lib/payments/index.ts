export { authorizePayment } from './authorize';
export { capturePreAuthorization } from './capture';
export { getPayment } from './queries';
export { quoteInstallments, pricingFor, priceCharge } from './pricing';
export { merchantAmountMinor } from './amount';
export { toApiPaymentResponse } from './response';
export { listInstallmentOptions } from './installments';
export { enrollThreeDs, completeThreeDs, findOpenChallenge, answerChallenge } from './three-ds';
