// Loaded into the soak's server with NODE_OPTIONS=--require (nothing else of Kasa knows about it):
// every 10 s one JSON line on stdout with process.memoryUsage() and the V8 heap in use right after
// the latest major garbage collection — the live heap, free of the sawtooth that RSS and heapUsed
// draw between collections. It observes only: no forced collection, no change to the server.
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload (node --require), where require is the only import there is
const { PerformanceObserver, constants } = require('node:perf_hooks');

let heapAfterMajorGc = null;
let majorGcs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.detail && entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
      majorGcs += 1;
      heapAfterMajorGc = process.memoryUsage().heapUsed;
    }
  }
}).observe({ entryTypes: ['gc'] });

setInterval(() => {
  const memory = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ soakMemory: { ...memory, heapAfterMajorGc, majorGcs } })}\n`);
}, 10_000).unref();
