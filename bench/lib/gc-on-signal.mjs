// Preloaded into the benchmarked server (`node --expose-gc --import …`), so that the memory check can
// measure resident memory after a full garbage collection instead of wherever V8's collection cycle
// happens to be: on SIGUSR2, two full collections, then one line on stderr for the bench to wait for,
// with the V8 heap's figures after them (bytes).
process.on('SIGUSR2', () => {
  if (typeof globalThis.gc !== 'function') return;
  globalThis.gc();
  globalThis.gc();
  const { heapUsed, heapTotal, external } = process.memoryUsage();
  process.stderr.write(`kasa-bench: gc done ${JSON.stringify({ heapUsed, heapTotal, external })}\n`);
});
