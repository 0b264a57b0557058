// `npm start`: build if needed, then serve. Migrations and the demo merchant are handled by the server
// itself at start-up (instrumentation.ts), so every way of starting Kasa behaves the same.
import { ensureBuild } from './ensure-build.mjs';

ensureBuild();
await import('./server.mjs');
