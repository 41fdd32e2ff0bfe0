import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/api-harness.ts';
import { insertJob } from '../testing/fixtures.ts';
import { globalId } from './ids.ts';

let h: Harness;
let key: string;
let workspaceId: string;

beforeAll(async () => {
  h = await startHarness();
  ({ key, workspaceId } = await h.workspace('A'));
});
afterAll(() => h.close());

const CONNECTIONS = `{ connections(first: 10) { edges { node {
  externalAccountId availability { state retryAt reason } } } } }`;

type Availability = { state: string; retryAt: string | null; reason: string | null };

async function availabilityByAccount(): Promise<Record<string, Availability>> {
  const res = await h.gql<{
    connections: { edges: { node: { externalAccountId: string; availability: Availability } }[] };
  }>(key, CONNECTIONS);
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return Object.fromEntries(
    res.data.connections.edges.map((e) => [e.node.externalAccountId, e.node.availability]),
  );
}

describe('Connection.availability and a waiting chunk’s resumesAt', () => {
  it('shows an outage with its retry time, a used-up rate limit, and a healthy account', async () => {
    await h.connection(workspaceId, 'act_down');
    await h.connection(workspaceId, 'act_limited');
    await h.connection(workspaceId, 'act_fine');
    const retryAt = Date.now() + 60_000;
    await h.pool.query(
      `INSERT INTO rate_budgets (key, provider, usage) VALUES ('FACEBOOK_ADS:act_down', 'FACEBOOK_ADS', $1)`,
      [
        {
          breaker: {
            failures: 3,
            firstFailureMs: Date.now() - 1000,
            openings: 1,
            retryAtMs: retryAt,
            probeUntilMs: null,
            reason: 'FACEBOOK_ADS /v21.0/act_down/insights: HTTP 503',
          },
        },
      ],
    );
    await h.pool.query(
      `INSERT INTO rate_budgets (key, provider, blocked_until)
       VALUES ('FACEBOOK_ADS:act_limited', 'FACEBOOK_ADS', now() + interval '30 seconds')`,
    );
    const shown = await availabilityByAccount();
    expect(shown.act_down).toEqual({
      state: 'UNAVAILABLE',
      retryAt: new Date(retryAt).toISOString(),
      reason: 'FACEBOOK_ADS /v21.0/act_down/insights: HTTP 503',
    });
    expect(shown.act_limited?.state).toBe('RATE_LIMITED');
    expect(Date.parse(shown.act_limited!.retryAt!)).toBeGreaterThan(Date.now());
    expect(shown.act_fine).toEqual({ state: 'AVAILABLE', retryAt: null, reason: null });
  });

  it('a chunk parked for an outage says when it resumes and why', async () => {
    const connectionId = await h.connection(workspaceId, 'act_parked');
    const jobId = await insertJob(h.pool, {
      workspaceId,
      connectionId,
      chunks: ['RATE_LIMITED', 'RATE_LIMITED', 'SUCCEEDED'],
    });
    const resumesAt = new Date(Date.now() + 45_000);
    await h.pool.query(
      `UPDATE sync_chunks SET run_after = $2,
              last_error_code = CASE WHEN index = 0 THEN 'PROVIDER_UNAVAILABLE' ELSE 'FACEBOOK_ADS:rate_limited:17' END
        WHERE job_id = $1 AND index IN (0, 1)`,
      [jobId, resumesAt],
    );
    const res = await h.gql<{
      syncJob: {
        chunks: {
          edges: { node: { index: number; resumesAt: string | null; waitingFor: string | null } }[];
        };
      };
    }>(
      key,
      `query($id: ID!) { syncJob(id: $id) { chunks { edges { node { index resumesAt waitingFor } } } } }`,
      {
        id: globalId('SyncJob', jobId),
      },
    );
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    const nodes = res.data.syncJob.chunks.edges
      .map((e) => e.node)
      .sort((a, b) => a.index - b.index);
    expect(nodes).toEqual([
      { index: 0, resumesAt: resumesAt.toISOString(), waitingFor: 'PROVIDER_UNAVAILABLE' },
      { index: 1, resumesAt: resumesAt.toISOString(), waitingFor: 'RATE_LIMIT' },
      { index: 2, resumesAt: null, waitingFor: null },
    ]);
  });
});
