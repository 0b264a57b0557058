import { createJiti } from 'jiti';

// Validate the environment at build and start: a bad value stops here with a readable message.
const jiti = createJiti(import.meta.url);
const { config } = await jiti.import('./lib/config.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WebAssembly and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pino'],
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tsc) before anything runs; builds skip it to stay fast.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // Behind a reverse proxy that rewrites Host (nginx's default `Host: 127.0.0.1:3000`), Next.js would
    // compare the browser's Origin with that Host and abort every server action: the public origin is
    // allowed by name. Read at start-up (`next start` / scripts/server.mjs), not only at build.
    serverActions: { allowedOrigins: [new URL(config.publicBaseUrl).host] },
  },
};

export default nextConfig;
