export { enqueueCallback, nudgeCallbackWorker, type CallbackStatus } from './outbox';
export { signatureHeader, verifySignature } from './signing';
export { startCallbackWorker, type CallbackWorker, type CallbackWorkerOptions } from './worker';
