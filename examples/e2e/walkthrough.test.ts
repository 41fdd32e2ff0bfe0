// The integrator example runs, unchanged, against the real system: embedded PostgreSQL, the
// API and the worker as their own processes (as the start command runs them) and the
// provider sandbox over HTTP. The example speaks to the API only through fetch and graphql-ws.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentHash, recordsDigest } from '@tributary/core';
import { createApiKey, createPool, createWorkspace, type Pool } from '@tributary/db';
import { createTestDatabase, type TestDatabase } from '@tributary/db/testing';
import { type SandboxServer, sandboxAdmin, startSandboxServer } from '@tributary/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, startAppProcess } from '../../apps/api/e2e/app-process.ts';
import { runWalkthrough } from '../src/walkthrough.ts';

const MAILBOX = { provider: 'MICROSOFT_MAIL', id: 'user_3001', messages: 300, ageDays: 200 };

let db: TestDatabase;
let pool: Pool;
let sandbox: SandboxServer;
let dataDir: string;
let api: AppProcess;
let worker: AppProcess;
let apiUrl: string;
let key: string;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, 2);
  sandbox = await startSandboxServer({ port: 0 });
  await sandboxAdmin(sandbox.url).reset({ accounts: [MAILBOX] as never });
  dataDir = await mkdtemp(join(tmpdir(), 'tributary-example-'));
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    TRIBUTARY_DATA_DIR: dataDir,
    TRIBUTARY_SECRET_KEY: randomBytes(32).toString('base64'),
    TRIBUTARY_SANDBOX_URL: sandbox.url,
    LOG_LEVEL: 'info',
  };
  api = startAppProcess('apps/api/src/main.ts', { ...env, PORT: '0' }, 'API listening');
  worker = startAppProcess(
    'apps/worker/src/main.ts',
    { ...env, METRICS_PORT: '0', MAINTENANCE_INTERVAL_MS: '500' },
    'worker started',
  );
  apiUrl = String((await api.ready).url).replace(/\/graphql$/, '');
  await worker.ready;
  const workspace = await createWorkspace(pool, { name: 'integrator' });
  ({ key } = await createApiKey(pool, { workspaceId: workspace.id, name: 'example' }));
});

afterAll(async () => {
  await Promise.all([api, worker].map((p) => p?.stop()));
  await sandbox?.close();
  await pool?.end();
  await db?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('examples/: the integrator walkthrough', () => {
  it('syncs, reads and follows the change feed until its copy equals the provider', async () => {
    const log: string[] = [];
    const result = await runWalkthrough({
      api: { url: apiUrl, key },
      sandboxUrl: sandbox.url,
      accountId: MAILBOX.id,
      log: (line) => log.push(line),
    });

    expect(result.initialCount).toBe(MAILBOX.messages);
    // 3 added and 2 updated come as upserts, the removed one as a delete.
    expect(result.changes).toEqual({ upserted: 5, deleted: 1 });
    const truth = await sandboxAdmin(sandbox.url).truth('MICROSOFT_MAIL', MAILBOX.id, 'messages');
    const digest = recordsDigest(
      [...result.mirror].map(([externalId, data]) => ({
        externalId,
        contentHash: contentHash(data),
      })),
    );
    expect({ count: result.mirror.size, digest }).toEqual({
      count: truth.count,
      digest: truth.digest,
    });
    expect(log).toContain('connecting again answered ALREADY_CONNECTED with the same connection');
    expect(log.some((line) => line.startsWith('INITIAL HISTORICAL SUCCEEDED'))).toBe(true);
  });
});
