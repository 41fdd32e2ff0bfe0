import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/api-harness.ts';
import { insertJob } from '../testing/fixtures.ts';
import { globalId } from './ids.ts';

let h: Harness;
let key: string;
let jobId: string;

beforeAll(async () => {
  h = await startHarness();
  const ws = await h.workspace('events');
  key = ws.key;
  const connectionId = await h.connection(ws.workspaceId);
  jobId = await insertJob(h.pool, { workspaceId: ws.workspaceId, connectionId });
  // A log the way a long sync leaves it: progress ticks between the events people read.
  for (let i = 0; i < 5; i++) {
    await h.pool.query(
      `INSERT INTO sync_events (workspace_id, job_id, kind, message) VALUES ($1, $2, 'PROGRESS', 'tick')`,
      [ws.workspaceId, jobId],
    );
    await h.pool.query(
      `INSERT INTO sync_events (workspace_id, job_id, kind, message, data, at)
       VALUES ($1, $2, 'RATE_LIMITED', $3, '{"waitMs": 30000}', '2026-12-01T12:00:00Z')`,
      [ws.workspaceId, jobId, `wait ${i}`],
    );
  }
});

afterAll(() => h?.close());

const EVENTS = `query($id: ID!, $after: String) { syncJob(id: $id) {
  events(first: 2, after: $after, newestFirst: true, exceptKinds: [PROGRESS]) {
    edges { node { kind message resumesAt } } pageInfo { hasNextPage endCursor } } } }`;

describe('a job’s activity log, newest first', () => {
  it('opens at the newest events, without progress ticks, and pages to older ones', async () => {
    const id = globalId('SyncJob', jobId);
    const first = await h.gql(key, EVENTS, { id });
    const page1 = first.data!.syncJob.events;
    expect(page1.edges.map((e: { node: { message: string } }) => e.node.message)).toEqual([
      'wait 4',
      'wait 3',
    ]);
    expect(page1.edges[0].node.resumesAt).toBe('2026-12-01T12:00:30.000Z');
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await h.gql(key, EVENTS, { id, after: page1.pageInfo.endCursor });
    expect(
      second.data!.syncJob.events.edges.map((e: { node: { message: string } }) => e.node.message),
    ).toEqual(['wait 2', 'wait 1']);
  });

  it('still lists oldest first by default', async () => {
    const res = await h.gql(
      key,
      'query($id: ID!) { syncJob(id: $id) { events(first: 1) { edges { node { message } } } } }',
      { id: globalId('SyncJob', jobId) },
    );
    expect(res.data!.syncJob.events.edges[0].node.message).toBe('started');
  });
});
