// Runs the API from the environment: DATABASE_URL (else the embedded database under
// TRIBUTARY_DATA_DIR), PORT, HOST, TRIBUTARY_SECRET_KEY (else <data dir>/secret.key),
// NODE_ENV, TRIBUTARY_WEB_DIST (or WEB_DIST), LOG_LEVEL; for OAuth connect: PUBLIC_URL,
// TRIBUTARY_SANDBOX_URL, FACEBOOK_APP_ID/SECRET, MICROSOFT_CLIENT_ID/SECRET/TENANT.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ConfigError,
  openDatabase,
  readDbEnv,
  runMigrations,
  waitForDatabase,
} from '@tributary/db';
import { readApiEnv } from './env.ts';
import { createLogger } from './logger.ts';
import { createApiServer } from './server.ts';

const logger = createLogger();

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main() {
  const env = readApiEnv();
  const database = await openDatabase(readDbEnv());
  // Started while the database restarts (the start command restarting both): wait for it.
  await waitForDatabase(env.databaseUrl ?? database.url, {
    onWait: (error) => logger.warn({ err: error }, 'waiting for the database'),
  });
  // Idempotent and advisory-locked: harmless when the start script already migrated.
  await runMigrations(database.url);
  const builtDashboard = resolve(import.meta.dirname, '../../web/dist');
  const webDist =
    env.webDist ?? (env.production || existsSync(builtDashboard) ? builtDashboard : undefined);
  const api = await createApiServer({
    databaseUrl: env.databaseUrl ?? database.url,
    port: env.port,
    host: env.host,
    secretKey: env.secretKey,
    logger,
    oauth: env.oauth,
    corsOrigins: env.corsOrigins,
    allowLoopbackWebhooks: !env.production,
    ...(webDist && existsSync(webDist) ? { webDist } : {}),
  }).catch(async (error: NodeJS.ErrnoException) => {
    await database.close();
    if (error.code === 'EADDRINUSE') fail(`Port ${env.port} is in use; set PORT to a free port`);
    throw error;
  });
  logger.info({ url: `${api.url}/graphql` }, 'API listening');
  const stop = async () => {
    await api.close();
    await database.close();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop());
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) fail(error.message);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '28P01' || code === '3D000') {
    fail(`Cannot reach the database (${code}): check DATABASE_URL`);
  }
  logger.fatal({ err: error }, 'API failed to start');
  process.exit(1);
});
