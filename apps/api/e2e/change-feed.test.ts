// The change feed as an integrator uses it: read a stream once, keep the resume cursor, and
// after an incremental sync with inserts, updates and deletes at the provider, read exactly
// what changed, through the API only (HTTP + graphql-ws), with the sandbox and a real worker.
import { randomBytes } from 'node:crypto';
import { contentHash, recordsDigest } from '@tributary/core';
import { createApiKey, createPool, createWorkspace, type Pool } from '@tributary/db';
import { createTestDatabase, type TestDatabase } from '@tributary/db/testing';
import { type SandboxServer, sandboxAdmin, startSandboxServer } from '@tributary/sandbox';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from '../../worker/src/connectors.ts';
import { type RunningWorker, startWorker } from '../../worker/src/worker.ts';
import { type ApiServer, createApiServer } from '../src/server.ts';
import { type GraphqlClient, graphqlClient } from './graphql-client.ts';
import { createSandboxConnection, START_SYNC, startInitialSync } from './sync-api.ts';

const ACCOUNT = { provider: 'MICROSOFT_MAIL', id: 'user_42', messages: 300, ageDays: 200 } as const;

let db: TestDatabase;
let pool: Pool;
let sandbox: SandboxServer;
let api: ApiServer;
let worker: RunningWorker;
let client: GraphqlClient;
const secretKey = randomBytes(32);
const silent = pino({ level: 'silent' });

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, 2);
  sandbox = await startSandboxServer({ port: 0 });
  await sandboxAdmin(sandbox.url).reset({ accounts: [ACCOUNT] as never });
  api = await createApiServer({ databaseUrl: db.url, port: 0, secretKey, logger: silent });
  const workspace = await createWorkspace(pool, { name: 'feed' });
  const { key } = await createApiKey(pool, { workspaceId: workspace.id, name: 'feed' });
  client = graphqlClient(api.url, key);
  worker = await startWorker({
    databaseUrl: db.url,
    secretKey,
    connectors,
    concurrency: 4,
    maintenanceIntervalMs: 200,
    logger: silent,
    config: { sandboxUrl: sandbox.url, leaseMs: 3000 },
  });
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await api?.close();
  await sandbox?.close();
  await pool?.end();
  await db?.drop();
});

/** Resolves with the last state once `syncProgress` completes (after the last phase). */
function finished(jobId: string): Promise<string[]> {
  const statuses: string[] = [];
  return new Promise((resolve, reject) => {
    client.ws.subscribe<{ syncProgress: { job: { phase: string; status: string } } }>(
      {
        query:
          'subscription($j: ID!) { syncProgress(jobId: $j, followPhases: true) { job { phase status } } }',
        variables: { j: jobId },
      },
      {
        next: (value) => {
          const job = value.data?.syncProgress.job;
          if (job) statuses.push(`${job.phase} ${job.status}`);
        },
        error: reject,
        complete: () => resolve(statuses),
      },
    );
  });
}

type Node = { externalId: string; data: unknown; deletedAt: string | null };
type Page = {
  records: {
    edges: { node: Node }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    resumeCursor: string;
  };
};

/** Pages `records` from a start (`after` or `changedSince`) to the end; returns the changes. */
async function readFrom(
  connectionId: string,
  start: { changedSince: string } | null,
  first = 100,
): Promise<{ nodes: Node[]; resumeCursor: string }> {
  const nodes: Node[] = [];
  let args: Record<string, unknown> = start ?? {};
  for (;;) {
    const data = await client.request<Page>(
      `query($c: ID!, $first: Int, $after: String, $changedSince: String) {
         records(connectionId: $c, stream: "messages", first: $first, after: $after, changedSince: $changedSince) {
           edges { node { externalId data deletedAt } } pageInfo { hasNextPage endCursor } resumeCursor } }`,
      { c: connectionId, first, ...args },
    );
    nodes.push(...data.records.edges.map((e) => e.node));
    if (!data.records.pageInfo.hasNextPage)
      return { nodes, resumeCursor: data.records.resumeCursor };
    // A change feed pages on with changedSince (deleted records included), a read with after.
    const next = data.records.pageInfo.endCursor;
    args = start ? { changedSince: next } : { after: next };
  }
}

describe('records(changedSince:)', () => {
  it('returns exactly what an incremental sync inserted, updated and deleted, and nothing after', async () => {
    const connectionId = await createSandboxConnection(client, 'MICROSOFT_MAIL', ACCOUNT.id);
    const { recentId } = await startInitialSync(client, connectionId);
    expect(await finished(recentId)).toContain('HISTORICAL SUCCEEDED');

    const initial = await readFrom(connectionId, null);
    const mirror = new Map(initial.nodes.map((n) => [n.externalId, contentHash(n.data)]));
    expect(mirror.size).toBeGreaterThan(100);
    // Nothing changed yet: the feed from the resume cursor is empty.
    const quiet = await readFrom(connectionId, { changedSince: initial.resumeCursor });
    expect(quiet.nodes).toEqual([]);

    await sandboxAdmin(sandbox.url).mutate({
      provider: 'MICROSOFT_MAIL',
      accountId: ACCOUNT.id,
      add: 5,
      update: 3,
      remove: 2,
    });
    const started = await client.request(START_SYNC, {
      input: { connectionId, mode: 'INCREMENTAL' },
    });
    expect(await finished(started.startSync.job.id)).toContain('INCREMENTAL SUCCEEDED');

    // Small pages, so the deletes and updates are spread over several.
    const changes = await readFrom(connectionId, { changedSince: quiet.resumeCursor }, 3);
    const deleted = changes.nodes.filter((n) => n.deletedAt !== null);
    const live = changes.nodes.filter((n) => n.deletedAt === null);
    expect(deleted.map((n) => mirror.has(n.externalId))).toEqual([true, true]);
    expect(live.filter((n) => !mirror.has(n.externalId))).toHaveLength(5);
    const updated = live.filter((n) => mirror.has(n.externalId));
    expect(updated).toHaveLength(3);
    for (const n of updated) expect(contentHash(n.data)).not.toBe(mirror.get(n.externalId));

    // Applying the changes to the first read gives the provider's truth.
    for (const n of deleted) mirror.delete(n.externalId);
    for (const n of live) mirror.set(n.externalId, contentHash(n.data));
    const truth = await sandboxAdmin(sandbox.url).truth('MICROSOFT_MAIL', ACCOUNT.id, 'messages');
    const digest = recordsDigest(
      [...mirror].map(([externalId, hash]) => ({ externalId, contentHash: hash })),
    );
    expect({ count: mirror.size, digest }).toEqual({ count: truth.count, digest: truth.digest });

    const after = await readFrom(connectionId, { changedSince: changes.resumeCursor });
    expect(after.nodes).toEqual([]);
  });
});
