import { startEmbeddedPostgres } from './embedded/start-embedded-postgres.ts';
import { type DbEnv, readDbEnv } from './env.ts';

export type OpenDatabase = {
  url: string;
  embedded: boolean;
  close(): Promise<void>;
};

/**
 * The database the system runs on: `DATABASE_URL` unchanged when set, otherwise an embedded
 * PostgreSQL under the data directory (reused across restarts).
 */
export async function openDatabase(
  env: DbEnv = readDbEnv(),
  onLog?: (line: string) => void,
): Promise<OpenDatabase> {
  if (env.databaseUrl) {
    return { url: env.databaseUrl.toString(), embedded: false, close: async () => {} };
  }
  const server = await startEmbeddedPostgres({
    dataDir: env.dataDir,
    ...(env.embeddedPort !== undefined ? { port: env.embeddedPort } : {}),
    ...(onLog ? { onLog } : {}),
  });
  return { url: server.url, embedded: true, close: () => server.stop() };
}
