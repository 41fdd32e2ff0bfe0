import pg from 'pg';

/**
 * Errors of a database that is down or restarting, not of a wrong setting: connection refused
 * or reset, "the database system is starting up / shutting down" (57P03), sessions ended by a
 * shutdown (57P01–57P02). A bad password or a missing database still fails at once.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE') return true;
  if (typeof code === 'string' && /^57P0[1-3]$/.test(code)) return true;
  return error instanceof Error && /Connection terminated/.test(error.message);
}

/**
 * Resolves once the database answers, retrying for `timeoutMs` (30 s) while it is unavailable (a
 * process started during a database restart waits for it instead of exiting).
 */
export async function waitForDatabase(
  databaseUrl: string,
  options: { timeoutMs?: number; onWait?: (error: unknown) => void } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (let attempt = 0; ; attempt++) {
    const client = new pg.Client({ connectionString: databaseUrl });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() > deadline) throw error;
      if (attempt === 0) options.onWait?.(error);
      await new Promise((done) => setTimeout(done, Math.min(2000, 100 * 2 ** attempt)));
    } finally {
      await client.end().catch(() => {});
    }
  }
}

/**
 * Runs a startup step, and when the database goes away during it (a restart between
 * `waitForDatabase` and this step), waits for the database and runs it again. Steps must be
 * safe to repeat. Any other error, or a database still gone after `timeoutMs`, is thrown.
 */
export async function retryWhileDatabaseUnavailable<T>(
  databaseUrl: string,
  step: () => Promise<T>,
  options: { timeoutMs?: number; onRetry?: (error: unknown) => void } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    try {
      return await step();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() > deadline) throw error;
      options.onRetry?.(error);
      await waitForDatabase(databaseUrl, { timeoutMs: Math.max(0, deadline - Date.now()) });
    }
  }
}
