import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createApiKey,
  createPool,
  createWorkspace,
  runMigrations,
  startEmbeddedPostgres,
} from '@tributary/db';
import pino from 'pino';
import { createApiServer } from '../src/server.ts';

/**
 * What the API benchmarks run against: a throwaway embedded PostgreSQL, an API server on a
 * free port (request rate limit lifted), and one workspace with a key.
 */
export async function startBenchApi(name: string) {
  const dataDir = await mkdtemp(join(tmpdir(), `tributary-${name}-`));
  const pg = await startEmbeddedPostgres({ dataDir, durability: 'fast' });
  await runMigrations(pg.url);
  const pool = createPool(pg.url, 4);
  const secretKey = randomBytes(32);
  const api = await createApiServer({
    databaseUrl: pg.url,
    port: 0,
    secretKey,
    logger: pino({ level: 'silent' }),
    rateLimit: { capacity: 1e9, perSecond: 1e9 },
    requestRateLimit: { capacity: 1e9, perSecond: 1e9 },
  });
  const workspace = await createWorkspace(pool, { name: 'bench' });
  const { key } = await createApiKey(pool, { workspaceId: workspace.id, name: 'bench' });
  return {
    pool,
    api,
    secretKey,
    workspace,
    key,
    async close() {
      await api.close();
      await pool.end();
      await pg.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
