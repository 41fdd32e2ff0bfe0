import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalId } from '../../src/schema/ids.ts';
import { schema } from '../../src/schema/index.ts';
import { insertJob, insertRecords } from '../../src/testing/fixtures.ts';
import { databaseSnapshot } from './database-snapshot.ts';
import { operationFor, type RootField, rootFields } from './schema-sweep.ts';
import {
  answerOf,
  type GqlResult,
  type SecurityRun,
  type SweepWorkspace,
  startSecurityRun,
  type Transport,
} from './security-run.ts';

// Every query, mutation and subscription, called by workspace B with the ids of workspace A's
// objects, over every transport it is served on: each answers "not found" (null, NotFoundError,
// NOT_FOUND, an empty list), shows nothing of A, and changes nothing of A.

let run: SecurityRun;
let a: SweepWorkspace;
let b: SweepWorkspace;
/** Every id of A's objects, each as its global id followed by its bare UUID. */
let foreignIds: string[];
/** Strings only A's data contains. */
let markersOfA: string[];

const FIELDS = rootFields(schema);

beforeAll(async () => {
  run = await startSecurityRun({ rateLimit: { capacity: 100_000, perSecond: 1000 } });
  a = await run.workspace('workspace-A-a7c1');
  b = await run.workspace('workspace-B-b9d2');
  const aConnection = await run.connection(a.workspaceId, 'act_7770001');
  const aJob = await insertJob(run.pool, { workspaceId: a.workspaceId, connectionId: aConnection });
  await insertRecords(run.pool, aConnection, 'campaigns', ['campaign-of-A-1', 'campaign-of-A-2']);
  const { rows: chunks } = await run.pool.query<{ id: string }>(
    'SELECT id FROM sync_chunks WHERE job_id = $1',
    [aJob],
  );
  // B has a running job too, so B's syncActivity has a first event to send.
  const bConnection = await run.connection(b.workspaceId, 'act_8880001');
  await insertJob(run.pool, { workspaceId: b.workspaceId, connectionId: bConnection });
  const ids: [string, string][] = [
    ['Connection', aConnection],
    ['SyncJob', aJob],
    ['ApiKey', a.apiKeyId],
    ['Workspace', a.workspaceId],
    ...chunks.map((c) => ['SyncChunk', c.id] as [string, string]),
  ];
  foreignIds = ids.flatMap(([type, id]) => [globalId(type, id), id]);
  markersOfA = ['workspace-A-a7c1', 'act_7770001', 'campaign-of-A-1', ...foreignIds];
});
afterAll(() => run.close());

function transportsOf(root: RootField): Transport[] {
  return root.kind === 'subscription' ? ['ws'] : ['http', 'ws'];
}

/** What of A a response shows, apart from the id the caller itself sent (in either form). */
function aSeenIn(result: GqlResult, sent: string | null): string[] {
  const index = sent === null ? -1 : foreignIds.indexOf(sent);
  const sentForms = index < 0 ? [] : foreignIds.slice(index - (index % 2), index - (index % 2) + 2);
  return markersOfA.filter((marker) => !sentForms.includes(marker) && result.text.includes(marker));
}

function isNotFound(result: GqlResult, field: string): boolean {
  const value = result.data?.[field];
  if (answerOf(result, field) === 'NOT_FOUND' || answerOf(result, field) === 'NotFoundError')
    return true;
  if (!result.errors && value === null) return true;
  // A list filtered by A's id: B's answer is empty.
  return !result.errors && Array.isArray(value?.edges) && value.edges.length === 0;
}

describe('the cross-workspace sweep', () => {
  it('covers every query, mutation and subscription of the schema', () => {
    const names = FIELDS.map((f) => `${f.kind}.${f.name}`);
    expect(names).toEqual(
      expect.arrayContaining(['query.node', 'mutation.startSync', 'subscription.syncProgress']),
    );
    expect(FIELDS.filter((f) => f.takesIds).length).toBeGreaterThan(10);
  });

  it("answers every field given A's ids, as B, with not found and shows nothing of A", async () => {
    const before = await databaseSnapshot(run.pool, { workspaceId: a.workspaceId });
    const answers: string[] = [];
    for (const root of FIELDS.filter((f) => f.takesIds)) {
      for (const transport of transportsOf(root)) {
        for (const id of foreignIds) {
          const { query, variables } = operationFor(root, { id: () => id });
          const result = await run.run(transport, b.key, query, variables);
          const where = `${transport} ${root.kind} ${root.name}(${id.slice(0, 12)}…)`;
          expect(aSeenIn(result, id), where).toEqual([]);
          expect(isNotFound(result, root.name), `${where}: ${result.text.slice(0, 300)}`).toBe(
            true,
          );
          answers.push(answerOf(result, root.name));
        }
      }
    }
    expect(answers.length).toBeGreaterThan(100);
    const tally: Record<string, number> = {};
    for (const answer of answers) tally[answer] = (tally[answer] ?? 0) + 1;
    console.log(`cross-workspace answers: ${JSON.stringify(tally)}`);
    expect(await databaseSnapshot(run.pool, { workspaceId: a.workspaceId })).toEqual(before);
  });

  it('shows B nothing of A in the fields that take no ids', async () => {
    const before = await databaseSnapshot(run.pool, { workspaceId: a.workspaceId });
    for (const root of FIELDS.filter((f) => !f.takesIds)) {
      for (const transport of transportsOf(root)) {
        const { query, variables } = operationFor(root, { id: () => '' });
        const result = await run.run(transport, b.key, query, variables);
        const where = `${transport} ${root.kind} ${root.name}`;
        // The sweep's own operation must be valid, or it would test nothing.
        expect(answerOf(result, root.name), `${where}: ${result.text.slice(0, 300)}`).not.toMatch(
          /INTERNAL_SERVER_ERROR|GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT/,
        );
        expect(aSeenIn(result, null), where).toEqual([]);
      }
    }
    expect(await databaseSnapshot(run.pool, { workspaceId: a.workspaceId })).toEqual(before);
  });

  it("writes B's attempts to B's audit log, none to A's, and A's key still works", async () => {
    const { rows } = await run.pool.query<{ workspace_id: string; n: number }>(
      'SELECT workspace_id, count(*)::int AS n FROM audit_events GROUP BY workspace_id',
    );
    const counts = Object.fromEntries(rows.map((r) => [r.workspace_id, r.n]));
    expect(counts[a.workspaceId]).toBeUndefined();
    expect(counts[b.workspaceId]).toBeGreaterThan(5);
    expect(answerOf(await run.http(a.key, '{ viewer { name } }'))).toBe('OK');
  });
});

describe('the run', () => {
  it('leaves no token in logs, responses or other columns', async () => {
    const found = await run.findSecrets();
    console.log(`${run.summary('cross-workspace')} tokens found=${found.length}`);
    expect(found).toEqual([]);
  });
});
