import { GraphQLUnionType, getNamedType, isObjectType } from 'graphql/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/api-harness.ts';
import { globalId } from './ids.ts';
import { schema } from './index.ts';

let h: Harness;
let key: string;
let workspaceId: string;

beforeAll(async () => {
  h = await startHarness({ rateLimit: { capacity: 1000, perSecond: 1000 } });
  ({ key, workspaceId } = await h.workspace('A'));
});
afterAll(() => h.close());

const CREATE = `mutation($input: CreateConnectionInput!) { createConnection(input: $input) {
  __typename
  ... on Error { code message }
  ... on CreateConnectionSuccess { connection { id } }
  ... on AlreadyConnectedError { connection { id externalAccountId } } } }`;

const START = `mutation($c: ID!, $mode: SyncMode!) { startSync(input: {connectionId: $c, mode: $mode}) {
  __typename
  ... on Error { code message }
  ... on StartSyncSuccess { job { id phase nextPhase { id } } }
  ... on SyncAlreadyRunningError { job { id phase status } } } }`;

/** No sandbox runs here: the subject is the error model, so the provider check is skipped. */
async function createConnection(externalAccountId: string) {
  const res = await h.gql(key, CREATE, {
    input: {
      provider: 'FACEBOOK_ADS',
      externalAccountId,
      accessToken: 'tok',
      sandbox: true,
      verify: false,
    },
  });
  return res.data!.createConnection;
}

describe('one error model', () => {
  it('every mutation result union has the base error and the rate-limit error, and every error a code', () => {
    const mutations = Object.values(schema.getMutationType()!.getFields());
    expect(mutations.length).toBeGreaterThan(10);
    for (const field of mutations) {
      const type = getNamedType(field.type);
      expect(type, field.name).toBeInstanceOf(GraphQLUnionType);
      const members = (type as GraphQLUnionType).getTypes().map((t) => t.name);
      expect(members, field.name).toEqual(
        expect.arrayContaining(['BaseError', 'RateLimitedError']),
      );
    }
    const error = schema.getType('Error')!;
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || !type.getInterfaces().includes(error as never)) continue;
      expect(String(type.getFields().code?.type), type.name).toBe('ErrorCode!');
    }
  });

  it('answers a second connection of the same account with AlreadyConnectedError and the existing connection', async () => {
    const first = await createConnection('act_7001');
    expect(first.__typename).toBe('CreateConnectionSuccess');
    const before = await h.pool.query('SELECT count(*)::int AS n FROM connections');
    const second = await createConnection('act_7001');
    expect(second).toMatchObject({
      __typename: 'AlreadyConnectedError',
      code: 'ALREADY_CONNECTED',
      connection: { id: first.connection.id, externalAccountId: 'act_7001' },
    });
    expect(second.message).toContain(first.connection.id);
    expect((await h.pool.query('SELECT count(*)::int AS n FROM connections')).rows).toEqual(
      before.rows,
    );
  });

  it('names the running RECENT phase as the sync already running, quoting its GraphQL id', async () => {
    const connection = await createConnection('act_7002');
    const started = await h.gql(key, START, { c: connection.connection.id, mode: 'INITIAL' });
    const recent = started.data!.startSync.job;
    const rawRecentId = (
      await h.pool.query("SELECT id FROM sync_jobs WHERE phase = 'RECENT' AND connection_id = $1", [
        (
          await h.pool.query('SELECT id FROM connections WHERE external_account_id = $1', [
            'act_7002',
          ])
        ).rows[0].id,
      ])
    ).rows[0].id;
    expect(recent.id).toBe(globalId('SyncJob', rawRecentId));
    for (const status of ['PENDING', 'RUNNING']) {
      await h.pool.query('UPDATE sync_jobs SET status = $2 WHERE id = $1', [rawRecentId, status]);
      const again = await h.gql(key, START, { c: connection.connection.id, mode: 'INCREMENTAL' });
      expect(again.data!.startSync).toMatchObject({
        __typename: 'SyncAlreadyRunningError',
        code: 'SYNC_ALREADY_RUNNING',
        job: { id: recent.id, phase: 'RECENT', status },
      });
      expect(again.data!.startSync.message).toContain(recent.id);
      expect(again.data!.startSync.message).not.toContain(rawRecentId);
      const active = await h.gql(
        key,
        'query($c: ID!) { node(id: $c) { ... on Connection { activeJob { id phase } } } }',
        {
          c: connection.connection.id,
        },
      );
      expect(active.data!.node.activeJob).toEqual({ id: recent.id, phase: 'RECENT' });
    }
  });

  it('cancelling either phase of an INITIAL sync cancels both', async () => {
    const connection = await createConnection('act_7003');
    const started = await h.gql(key, START, { c: connection.connection.id, mode: 'INITIAL' });
    const job = started.data!.startSync.job;
    const cancelled = await h.gql(
      key,
      `mutation($j: ID!) { cancelSync(jobId: $j) { __typename ... on SyncJobSuccess { job { id status } } } }`,
      { j: job.nextPhase.id },
    );
    expect(cancelled.data!.cancelSync).toEqual({
      __typename: 'SyncJobSuccess',
      job: { id: job.nextPhase.id, status: 'CANCELLED' },
    });
    const both = await h.gql(
      key,
      'query($j: ID!) { syncJob(id: $j) { status nextPhase { status } } }',
      {
        j: job.id,
      },
    );
    expect(both.data!.syncJob).toEqual({ status: 'CANCELLED', nextPhase: { status: 'CANCELLED' } });
    const none = await h.gql(
      key,
      'query($c: ID!) { node(id: $c) { ... on Connection { activeJob { id } } } }',
      {
        c: connection.connection.id,
      },
    );
    expect(none.data!.node.activeJob).toBeNull();
  });

  it('quotes the GraphQL id the caller sent in not-found messages', async () => {
    const missing = globalId('SyncJob', '00000000-0000-4000-8000-000000000000');
    const res = await h.gql(
      key,
      'mutation($j: ID!) { resumeSync(jobId: $j) { __typename ... on Error { code message } } }',
      { j: missing },
    );
    expect(res.data!.resumeSync).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(res.data!.resumeSync.message).toContain(missing);
    void workspaceId;
  });
});

describe('rate limits', () => {
  let limited: Harness;
  beforeAll(async () => {
    limited = await startHarness({
      rateLimit: { capacity: 3, perSecond: 0.001 },
      requestRateLimit: { capacity: 8, perSecond: 0.001 },
    });
  });
  afterAll(() => limited.close());

  it('refuses an operation its budget cannot cover: every mutation answers RateLimitedError, none runs', async () => {
    const { key: k } = await limited.workspace('R');
    const op = (names: string[]) =>
      `mutation { ${names
        .map(
          (n) =>
            `${n}: createApiKey(name: "${n}") { __typename ... on RateLimitedError { code retryAfterSeconds } }`,
        )
        .join('\n')} }`;
    // 2 of the 3 tokens: both run.
    const first = await limited.gql(k, op(['k0', 'k1']));
    expect(Object.values(first.data!).map((r) => (r as { __typename: string }).__typename)).toEqual(
      ['CreateApiKeySuccess', 'CreateApiKeySuccess'],
    );
    // 2 more with 1 left: neither runs, both say when to retry, and the answer is HTTP 200.
    const second = await limited.gql(k, op(['k2', 'k3']));
    expect(second.status).toBe(200);
    expect(second.errors).toBeUndefined();
    for (const name of ['k2', 'k3']) {
      expect(second.data![name]).toMatchObject({
        __typename: 'RateLimitedError',
        code: 'RATE_LIMITED',
      });
      expect(second.data![name].retryAfterSeconds).toBeGreaterThan(0);
    }
    const keys = await limited.gql(k, '{ viewer { apiKeys { name } } }');
    expect(keys.data!.viewer.apiKeys.map((key: { name: string }) => key.name).sort()).toEqual([
      'k0',
      'k1',
      'test',
    ]);
    // A shared union (SyncJobResult) answers the same member (2 fields, 1 token left).
    const job = await limited.gql(
      k,
      'mutation { a: cancelSync(jobId: "x") { __typename } b: resumeSync(jobId: "x") { __typename } }',
    );
    expect(job.data).toEqual({
      a: { __typename: 'RateLimitedError' },
      b: { __typename: 'RateLimitedError' },
    });
  });

  it('answers requests past the request budget with HTTP 429 and Retry-After', async () => {
    const { key: k } = await limited.workspace('S');
    const statuses: number[] = [];
    let last: Response | null = null;
    for (let i = 0; i < 9; i++) {
      last = await fetch(`${limited.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${k}` },
        body: JSON.stringify({ query: '{ viewer { name } }' }),
      });
      statuses.push(last.status);
      if (last.status !== 429) await last.body?.cancel();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await last!.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('RATE_LIMITED');
    // Another key is not affected.
    const other = await limited.workspace('T');
    expect((await limited.gql(other.key, '{ viewer { name } }')).status).toBe(200);
  });

  it('spends the same request budget over graphql-ws: past it, an operation answers RATE_LIMITED', async () => {
    const { key: k } = await limited.workspace('W');
    // Half the budget over HTTP, the rest (and one more) over the WebSocket.
    for (let i = 0; i < 4; i++)
      expect((await limited.gql(k, '{ viewer { name } }')).status).toBe(200);
    const client = limited.wsClient(k);
    const query = (): Promise<{ data?: unknown; code?: unknown }> =>
      new Promise((done) => {
        let data: unknown;
        client.subscribe(
          { query: '{ viewer { name } }' },
          {
            next: (result) => {
              data = result.data;
            },
            error: (errors) =>
              done({
                code: (errors as { extensions?: { code?: unknown } }[])[0]?.extensions?.code,
              }),
            complete: () => done({ data }),
          },
        );
      });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await query());
    await client.dispose();
    expect(answers.slice(0, 4).every((a) => a.data !== undefined)).toBe(true);
    expect(answers[4]).toEqual({ code: 'RATE_LIMITED' });
  });
});
