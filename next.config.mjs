import { createJiti } from 'jiti';

// Validate the environment at build and start: a bad value stops here with a readable message.
const jiti = createJiti(import.meta.url);
await jiti.import('./lib/config.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WebAssembly and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pino'],
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tsc) before anything runs; builds skip it to stay fast.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
