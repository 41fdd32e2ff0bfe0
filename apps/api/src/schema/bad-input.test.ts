import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/api-harness.ts';
import { tableCounts } from '../testing/fixtures.ts';
import { globalId } from './ids.ts';

let h: Harness;
let a: { workspaceId: string; key: string; apiKeyId: string };
let connectionId: string;

beforeAll(async () => {
  h = await startHarness({ rateLimit: { capacity: 1000, perSecond: 1000 } });
  a = await h.workspace('A');
  connectionId = globalId('Connection', await h.connection(a.workspaceId, 'act_1001'));
});
afterAll(() => h.close());

const CREATE = `mutation($input: CreateConnectionInput!) { r: createConnection(input: $input) {
  __typename ... on Error { message } ... on ValidationError { field } ... on CreateConnectionSuccess { connection { id } } } }`;
const START = `mutation($input: StartSyncInput!) { r: startSync(input: $input) {
  __typename ... on Error { message } ... on ValidationError { field }
  ... on SyncAlreadyRunningError { job { id status } } ... on StartSyncSuccess { job { id status phase nextPhase { phase } } } } }`;

// No sandbox runs here: these tests are about input checks, so the provider check is skipped.
const goodConnection = {
  provider: 'FACEBOOK_ADS',
  externalAccountId: 'act_42',
  accessToken: 'EAAB-token',
  sandbox: true,
  verify: false,
};

describe('bad input is rejected with a typed error and changes nothing', () => {
  it('createConnection: each bad field is named', async () => {
    const before = await tableCounts(h.pool);
    const cases: [Record<string, unknown>, string][] = [
      [{ externalAccountId: '1001' }, 'externalAccountId'],
      [{ externalAccountId: 'act_12; DROP TABLE' }, 'externalAccountId'],
      [{ provider: 'FACEBOOK_PAGES', externalAccountId: 'act_1' }, 'externalAccountId'],
      [{ provider: 'MICROSOFT_MAIL', externalAccountId: 'not an email' }, 'externalAccountId'],
      [{ accessToken: '' }, 'accessToken'],
      [{ accessToken: 'has spaces in it' }, 'accessToken'],
      [{ displayName: 'x'.repeat(201) }, 'displayName'],
      [{ scheduleMinutes: 1 }, 'scheduleMinutes'],
      [{ scheduleMinutes: 1_000_000 }, 'scheduleMinutes'],
    ];
    for (const [patch, field] of cases) {
      const res = await h.gql(a.key, CREATE, { input: { ...goodConnection, ...patch } });
      expect(res.data?.r, JSON.stringify(patch)).toMatchObject({
        __typename: 'ValidationError',
        field,
      });
    }
    expect(await tableCounts(h.pool)).toEqual(before);
  });

  it('rejects wrong types and unknown enum values before running anything', async () => {
    const before = await tableCounts(h.pool);
    for (const input of [
      { ...goodConnection, provider: 'MYSPACE' },
      { ...goodConnection, sandbox: 'yes' },
      { ...goodConnection, scheduleMinutes: 'daily' },
      { ...goodConnection, accessToken: undefined },
      { ...goodConnection, tokenExpiresAt: 'tomorrow' },
    ]) {
      const res = await h.gql(a.key, CREATE, { input });
      expect(res.data, JSON.stringify(input)).toBeUndefined();
      expect(res.errors?.[0]?.message).toBeTruthy();
    }
    expect(await tableCounts(h.pool)).toEqual(before);
  });

  it('unknown and malformed ids answer NotFoundError', async () => {
    const before = await tableCounts(h.pool);
    for (const id of [
      'nope',
      globalId('Connection', '00000000-0000-4000-8000-000000000000'),
      globalId('SyncJob', '1'),
    ]) {
      const start = await h.gql(a.key, START, { input: { connectionId: id, mode: 'INITIAL' } });
      expect(start.data?.r).toMatchObject({ __typename: 'NotFoundError' });
      const cancel = await h.gql(
        a.key,
        'mutation($j: ID!) { r: cancelSync(jobId: $j) { __typename } }',
        { j: id },
      );
      expect(cancel.data?.r).toEqual({ __typename: 'NotFoundError' });
    }
    expect(await tableCounts(h.pool)).toEqual(before);
  });

  it('startSync: invalid ranges, streams and modes are validation errors naming the field', async () => {
    const before = await tableCounts(h.pool);
    const now = Date.now();
    const day = 86_400_000;
    const cases: [Record<string, unknown>, string][] = [
      [{ mode: 'CUSTOM_RANGE' }, 'from'],
      [{ mode: 'CUSTOM_RANGE', from: new Date(now - day).toISOString() }, 'to'],
      [
        {
          mode: 'CUSTOM_RANGE',
          from: new Date(now - day).toISOString(),
          to: new Date(now - 2 * day).toISOString(),
        },
        'from',
      ],
      [
        {
          mode: 'CUSTOM_RANGE',
          from: new Date(now - day).toISOString(),
          to: new Date(now + 30 * day).toISOString(),
        },
        'to',
      ],
      [{ mode: 'INCREMENTAL', from: new Date(now - day).toISOString() }, 'from'],
      [{ mode: 'INITIAL', streams: ['emails'] }, 'streams'],
    ];
    for (const [patch, field] of cases) {
      const res = await h.gql(a.key, START, { input: { connectionId, ...patch } });
      expect(res.data?.r, JSON.stringify(patch)).toMatchObject({
        __typename: 'ValidationError',
        field,
      });
    }
    expect(await tableCounts(h.pool)).toEqual(before);
  });

  it('page sizes over the maximum and forged cursors are validation errors', async () => {
    const big = await h.gql(
      a.key,
      'query($c: ID!) { records(connectionId: $c, stream: "campaigns", first: 501) { edges { cursor } } }',
      { c: connectionId },
    );
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', field: 'first' });
    const negative = await h.gql(a.key, '{ connections(first: -1) { edges { cursor } } }');
    expect(negative.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', field: 'first' });
    const forged = await h.gql(
      a.key,
      '{ syncJobs(after: "bm90IGEgY3Vyc29y") { edges { cursor } } }',
    );
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', field: 'after' });
    const backwards = await h.gql(a.key, '{ connections(last: 5) { edges { cursor } } }');
    // Lists page forward only: `last` is not an argument at all.
    expect(backwards.status).toBe(400);
    expect(backwards.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const stream = await h.gql(
      a.key,
      'query($c: ID!) { records(connectionId: $c, stream: "emails") { edges { cursor } } }',
      { c: connectionId },
    );
    expect(stream.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', field: 'stream' });
  });
});

describe('the happy paths behind those guards', () => {
  it('creates a connection, never returning or storing the token in clear', async () => {
    const res = await h.gql(a.key, CREATE, { input: goodConnection });
    expect(res.data?.r).toMatchObject({ __typename: 'CreateConnectionSuccess' });
    const { rows } = await h.pool.query<{ credentials: Buffer }>(
      "SELECT credentials FROM connections WHERE external_account_id = 'act_42'",
    );
    expect(rows[0]!.credentials.includes(Buffer.from('EAAB-token'))).toBe(false);
    const again = await h.gql(a.key, CREATE, { input: goodConnection });
    expect(again.data?.r).toMatchObject({ __typename: 'AlreadyConnectedError' });
  });

  it('starts an initial sync (RECENT then HISTORICAL); a second start returns the running job', async () => {
    const first = await h.gql(a.key, START, { input: { connectionId, mode: 'INITIAL' } });
    const started = first.data?.r as {
      __typename: string;
      job: { id: string; status: string; phase: string; nextPhase: { phase: string } };
    };
    expect(started).toMatchObject({
      __typename: 'StartSyncSuccess',
      job: { status: 'PENDING', phase: 'RECENT', nextPhase: { phase: 'HISTORICAL' } },
    });
    const second = await h.gql(a.key, START, { input: { connectionId, mode: 'INCREMENTAL' } });
    expect(second.data?.r).toEqual({
      __typename: 'SyncAlreadyRunningError',
      message: expect.any(String),
      job: { id: started.job.id, status: 'PENDING' },
    });
    const all = await h.gql(
      a.key,
      `mutation { syncAll(input: {mode: INCREMENTAL}) { ... on SyncAllSuccess {
      jobs { id } results { connection { externalAccountId } job { id } error { __typename message } } } } }`,
    );
    const results = (
      all.data!.syncAll as {
        results: {
          connection: { externalAccountId: string };
          error: { __typename: string } | null;
        }[];
      }
    ).results;
    expect(
      results.map((r) => [r.connection.externalAccountId, r.error?.__typename ?? null]).sort(),
    ).toEqual([
      ['act_1001', 'SyncAlreadyRunningError'],
      ['act_42', null],
    ]);
    const cancel = await h.gql(
      a.key,
      'mutation($j: ID!) { r: cancelSync(jobId: $j) { __typename ... on SyncJobSuccess { job { status } } } }',
      { j: started.job.id },
    );
    expect(cancel.data?.r).toEqual({ __typename: 'SyncJobSuccess', job: { status: 'CANCELLED' } });
    const cancelAgain = await h.gql(
      a.key,
      'mutation($j: ID!) { r: cancelSync(jobId: $j) { __typename } }',
      { j: started.job.id },
    );
    expect(cancelAgain.data?.r).toEqual({ __typename: 'InvalidStateError' });
  });
});
