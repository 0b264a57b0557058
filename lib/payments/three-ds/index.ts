// 3-D Secure, by step: enroll (POST /api/3ds and the checkout), the sandbox issuer's challenge,
// completion (POST /api/3ds/{id}/complete), and failing or expiring an unfinished enrollment.
export { enrollThreeDs, THREE_DS_LIFETIME_MS, type Challenge } from './enroll';
export { answerChallenge, findOpenChallenge, MAX_WRONG_CODES, type ChallengeAnswer } from './challenge';
export { completeThreeDs, MAX_WRONG_KEYS } from './complete';
export { CHECKOUT_EXPIRED, expireThreeDsEnrollments, failEnrolledPayment, SUPERSEDED } from './fail';
