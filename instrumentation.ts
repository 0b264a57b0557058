// Runs once per server instance (Node.js runtime only): see lib/server/startup.ts.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') await (await import('./lib/server/startup')).startServerServices();
}
