// The production server: Next.js behind a plain Node http server, so that the client address the app
// sees (X-Forwarded-For) is the socket peer's, or a trusted proxy's report of it, never a client's claim.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import next from 'next';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jiti = createJiti(import.meta.url);
const { config } = await jiti.import('../lib/config.ts');
const { isTrustedPeer, resolveClientAddress } = await jiti.import('../lib/net/addresses.ts');

const app = next({ dev: false, dir: root, hostname: config.host ?? 'localhost', port: config.port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((request, response) => {
  // Next.js answers a path it cannot percent-decode with a bare 500; it is the client's error.
  if (!isDecodablePath(request.url ?? '/')) {
    response.writeHead(400, { 'Content-Type': 'application/json' });
    response.end(
      JSON.stringify({
        resultCode: 'VALIDATION_ERROR',
        resultMessage: 'The request path is not valid percent-encoding',
        errors: [{ field: 'path', code: 'INVALID_PATH', message: 'The request path is not valid percent-encoding' }],
      }),
    );
    return;
  }
  // Next.js and lib/http/request.ts believe X-Forwarded-Host; only a trusted proxy may say it.
  if (!isTrustedPeer(request.socket.remoteAddress, config.trustedProxies)) {
    delete request.headers['x-forwarded-host'];
    delete request.headers['x-forwarded-proto'];
    delete request.headers['x-forwarded-port'];
  }
  request.headers['x-forwarded-for'] = resolveClientAddress(
    request.socket.remoteAddress,
    request.headers['x-forwarded-for'],
    config.trustedProxies,
  );
  // The shopper's source port (recorded as requestPort of hosted-checkout payments).
  request.headers['x-kasa-client-port'] = String(request.socket.remotePort ?? 0);
  handle(request, response);
});
server.keepAliveTimeout = 65_000;

function isDecodablePath(url) {
  try {
    decodeURIComponent(url.split('?')[0]);
    return true;
  } catch {
    return false;
  }
}
server.listen(config.port, config.host, () => {
  console.log(JSON.stringify({ level: 30, time: Date.now(), msg: `Kasa listening on ${config.host ?? '*'}:${config.port}`, publicBaseUrl: config.publicBaseUrl }));
});

// Graceful stop: refuse new connections, let in-flight requests finish (10 s at most), then run the
// app's shutdown hooks (lib/server/startup.ts: closing the store) and exit; the lock file goes on exit.
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  const drained = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  const hooks = globalThis.__kasa?.get('shutdown-hooks') ?? [];
  for (const hook of hooks) await hook().catch((error) => console.error(`shutdown: ${error.message}`));
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, stop);
