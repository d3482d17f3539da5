// How the server logs a caught error: its stack when there is one. Its own module so the server
// entry (dist/server.js) can log before the analysis core is loaded.
export function describe(e: unknown): string {
  if (e instanceof Error) return e.stack ?? e.message;
  return String(e);
}
