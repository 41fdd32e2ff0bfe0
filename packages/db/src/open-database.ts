import { startEmbeddedPostgres } from './embedded/start-embedded-postgres.ts';
import { type DbEnv, readDbEnv } from './env.ts';

export type OpenDatabase = {
  url: string;
  embedded: boolean;
  close(): Promise<void>;
  /**
   * Embedded only: `listener` hears every time the server dies on its own (never after close()).
   * A DATABASE_URL database is someone else's to run, so this never fires for it.
   */
  onUnexpectedExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  /** Embedded only: starts the server again on the same data directory and port (same URL). */
  restart(): Promise<void>;
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
    return {
      url: env.databaseUrl.toString(),
      embedded: false,
      close: async () => {},
      onUnexpectedExit: () => {},
      restart: async () => {},
    };
  }
  const start = (port: number | undefined) =>
    startEmbeddedPostgres({
      dataDir: env.dataDir,
      ...(port !== undefined ? { port } : {}),
      ...(onLog ? { onLog } : {}),
    });
  let server = await start(env.embeddedPort);
  const listeners: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
  const watch = () =>
    server.onUnexpectedExit((code, signal) => {
      for (const listener of listeners) listener(code, signal);
    });
  watch();
  return {
    url: server.url,
    embedded: true,
    close: () => server.stop(),
    onUnexpectedExit: (listener) => listeners.push(listener),
    async restart() {
      server = await start(server.port);
      watch();
    },
  };
}
