import { config } from 'zod';

// The card form's zod in the browser runs without its JIT: zod probes for `new Function` when a schema
// is built, and under the checkout's CSP (no 'unsafe-eval') that probe is reported as a violation in
// the console, although zod then falls back by itself. Imported before any schema module.
config({ jitless: true });
