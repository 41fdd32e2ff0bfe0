import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, type Harness, startHarness } from '../testing/api-harness.ts';
import { insertJob, insertRecords, tableCounts } from '../testing/fixtures.ts';
import { globalId } from './ids.ts';

let h: Harness;
let a: { workspaceId: string; key: string; apiKeyId: string };
let b: { workspaceId: string; key: string; apiKeyId: string };
let connectionId: string;
let jobId: string;

beforeAll(async () => {
  h = await startHarness({ rateLimit: { capacity: 1000, perSecond: 1000 } });
  a = await h.workspace('A');
  b = await h.workspace('B');
  const raw = await h.connection(a.workspaceId, 'act_1001');
  await insertRecords(h.pool, raw, 'campaigns', ['1', '2', '3']);
  jobId = globalId(
    'SyncJob',
    await insertJob(h.pool, { workspaceId: a.workspaceId, connectionId: raw, status: 'FAILED' }),
  );
  connectionId = globalId('Connection', raw);
});
afterAll(() => h.close());

describe('workspace B cannot see workspace A', () => {
  it('sees A’s connection, job and records as its own key', async () => {
    const { data } = await h.gql(
      a.key,
      `query($c: ID!, $j: ID!) {
      node(id: $c) { id } syncJob(id: $j) { id chunkCounts { total } }
      records(connectionId: $c, stream: "campaigns") { edges { node { externalId } } } }`,
      { c: connectionId, j: jobId },
    );
    expect(data).toMatchObject({
      node: { id: connectionId },
      syncJob: { id: jobId, chunkCounts: { total: 3 } },
    });
    expect((data!.records as { edges: unknown[] }).edges).toHaveLength(3);
  });

  it('answers every query for A’s ids as not found', async () => {
    const vars = { c: connectionId, j: jobId };
    const nodes = await h.gql(
      b.key,
      'query($c: ID!, $j: ID!) { c: node(id: $c) { id } j: node(id: $j) { id } syncJob(id: $j) { id } }',
      vars,
    );
    expect(nodes.data).toEqual({ c: null, j: null, syncJob: null });

    for (const query of [
      'query($c: ID!) { records(connectionId: $c, stream: "campaigns") { edges { cursor } } }',
      'query($c: ID!) { syncJobs(connectionId: $c) { edges { cursor } } }',
    ]) {
      const res = await h.gql(b.key, query, { c: connectionId });
      expect(res.errors?.[0]?.extensions?.code, query).toBe('NOT_FOUND');
    }
    const lists = await h.gql(
      b.key,
      '{ connections { edges { cursor } } syncJobs { edges { cursor } } syncStats { finishedJobs problemConnections { failedChunks } } }',
    );
    expect(lists.data).toEqual({
      connections: { edges: [] },
      syncJobs: { edges: [] },
      syncStats: { finishedJobs: 0, problemConnections: [] },
    });
  });

  it('answers every mutation on A’s ids with NotFoundError and changes nothing', async () => {
    const before = await tableCounts(h.pool);
    const mutations: [string, Record<string, unknown>][] = [
      [
        'mutation($c: ID!) { r: updateConnection(input: {id: $c, displayName: "x", scheduleMinutes: 60}) { __typename } }',
        { c: connectionId },
      ],
      ['mutation($c: ID!) { r: disableConnection(id: $c) { __typename } }', { c: connectionId }],
      ['mutation($c: ID!) { r: enableConnection(id: $c) { __typename } }', { c: connectionId }],
      ['mutation($c: ID!) { r: deleteConnection(id: $c) { __typename } }', { c: connectionId }],
      [
        'mutation($c: ID!) { r: startSync(input: {connectionId: $c, mode: INCREMENTAL}) { __typename } }',
        { c: connectionId },
      ],
      ['mutation($j: ID!) { r: cancelSync(jobId: $j) { __typename } }', { j: jobId }],
      ['mutation($j: ID!) { r: resumeSync(jobId: $j) { __typename } }', { j: jobId }],
      ['mutation($j: ID!) { r: retryFailedChunks(jobId: $j) { __typename } }', { j: jobId }],
      [
        'mutation($k: ID!) { r: revokeApiKey(id: $k) { __typename } }',
        { k: globalId('ApiKey', a.apiKeyId) },
      ],
    ];
    for (const [mutation, variables] of mutations) {
      const res = await h.gql(b.key, mutation, variables);
      expect(res.data?.r, mutation).toEqual({ __typename: 'NotFoundError' });
    }
    // syncAll in B touches only B's (zero) connections.
    const all = await h.gql(
      b.key,
      'mutation { syncAll(input: {mode: INCREMENTAL}) { ... on SyncAllSuccess { results { job { id } } } } }',
    );
    expect(all.data?.syncAll).toEqual({ results: [] });
    expect(await tableCounts(h.pool)).toEqual(before);
  });

  it('refuses a subscription to A’s job', async () => {
    const client = h.wsClient(b.key);
    const sub = collect(
      client,
      'subscription($j: ID!) { syncProgress(jobId: $j) { kind } }',
      { j: jobId },
      1,
    );
    await expect(sub.done).rejects.toThrow(/NOT_FOUND|No sync job/);
  });
});
