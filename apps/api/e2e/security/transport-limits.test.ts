import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalId } from '../../src/schema/ids.ts';
import {
  answerOf,
  type SecurityRun,
  type SweepWorkspace,
  startSecurityRun,
  TRANSPORTS,
} from './security-run.ts';

// Issue #16, findings 2 and 3: graphql-ws skipped the HTTP limits and leaked internal errors.
// Every attack here is sent over HTTP and over graphql-ws and must get the same answer.

let run: SecurityRun;
let a: SweepWorkspace;

beforeAll(async () => {
  run = await startSecurityRun({ rateLimit: { capacity: 60, perSecond: 0.001 } });
  a = await run.workspace('A');
  await run.workspace('B');
  await run.connection(a.workspaceId, 'act_1001');
});
afterAll(() => run.close());

const liveKeys = async (workspaceId: string) =>
  (
    await run.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM api_keys WHERE workspace_id = $1',
      [workspaceId],
    )
  ).rows[0]!.n;

const aliased = (count: number, field: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => `a${i}: ${field(i)}`).join(' ');

describe('one set of limits for HTTP and graphql-ws', () => {
  it.each(TRANSPORTS)(
    'refuses 200 aliased createApiKey mutations over %s and creates none',
    async (transport) => {
      const { key } = await run.key(a.workspaceId);
      const before = await liveKeys(a.workspaceId);
      const result = await run.run(
        transport,
        key,
        `mutation { ${aliased(200, (i) => `createApiKey(name: "k${i}") { __typename }`)} }`,
      );
      expect(result.data ?? null).toBeNull();
      expect(answerOf(result)).toBe('TOO_MANY_ALIASES');
      expect(await liveKeys(a.workspaceId)).toBe(before);
    },
  );

  it.each(TRANSPORTS)(
    'rate-limits mutations per key over %s, sharing one bucket',
    async (transport) => {
      // 40 mutations fit the 60-token burst; the next 40 do not, whichever transport sends them.
      const { key } = await run.key(a.workspaceId);
      const other = transport === 'http' ? 'ws' : 'http';
      const before = await liveKeys(a.workspaceId);
      const batch = `mutation { ${aliased(40, (i) => `createApiKey(name: "r${i}") { __typename }`)} }`;
      const first = await run.run(other, key, batch);
      expect(answerOf(first)).toBe('OK');
      // The budget is charged for the whole operation: none of the 40 runs, and each answers
      // RateLimitedError as its result (issue #14's one error model).
      const refused = `mutation { ${aliased(40, (i) => `createApiKey(name: "s${i}") { __typename ... on RateLimitedError { code retryAfterSeconds } }`)} }`;
      const second = await run.run(transport, key, refused);
      expect(second.errors).toBeUndefined();
      expect(answerOf(second, 'a0')).toBe('RateLimitedError');
      expect(answerOf(second, 'a39')).toBe('RateLimitedError');
      const refusal = second.data?.a0 as { code: string; retryAfterSeconds: number };
      expect(refusal.code).toBe('RATE_LIMITED');
      expect(refusal.retryAfterSeconds).toBeGreaterThan(0);
      expect(await liveKeys(a.workspaceId)).toBe(before + 40);
    },
  );

  it.each(TRANSPORTS)('counts mutations hidden in fragments over %s', async (transport) => {
    const { key } = await run.key(a.workspaceId);
    const before = await liveKeys(a.workspaceId);
    const result = await run.run(
      transport,
      key,
      `mutation { ...Many } fragment Many on Mutation { ${aliased(61, (i) => `createApiKey(name: "f${i}") { __typename }`)} }`,
    );
    expect(answerOf(result, 'a0')).toBe('RateLimitedError');
    expect(answerOf(result, 'a60')).toBe('RateLimitedError');
    expect(await liveKeys(a.workspaceId)).toBe(before);
  });

  it.each(TRANSPORTS)(
    'fails to parse a 4,000-alias query over %s (token limit)',
    async (transport) => {
      const result = await run.run(transport, a.key, `{ ${aliased(4000, () => '__typename')} }`);
      expect(result.data ?? null).toBeNull();
      expect(answerOf(result)).toBe('GRAPHQL_PARSE_FAILED');
      expect(result.errors?.[0]?.message).toMatch(/10000 tokens/);
    },
  );

  it.each(TRANSPORTS)('refuses too deep and too costly operations over %s', async (transport) => {
    const chain = Array.from({ length: 12 }, (_, i) => (i % 2 ? 'nextPhase' : 'previousPhase'));
    const deep = `{ syncJobs { edges { node { ${chain.join(' { ')} { id ${' }'.repeat(chain.length)} } } } }`;
    expect(answerOf(await run.run(transport, a.key, deep))).toBe('QUERY_TOO_DEEP');
    const wide = `{ syncJobs(first: 100) { edges { node { chunks(first: 500) { edges { node { id stream kind status attempts } } } } } } }`;
    expect(answerOf(await run.run(transport, a.key, wide))).toBe('QUERY_TOO_COMPLEX');
    const invalid = await run.run(
      transport,
      a.key,
      '{ connections(first: "ten") { edges { cursor } } }',
    );
    expect(answerOf(invalid)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it.each(TRANSPORTS)('refuses mutations of a read-only key over %s', async (transport) => {
    const { key } = await run.key(a.workspaceId, { scope: 'READ' });
    const before = await liveKeys(a.workspaceId);
    const result = await run.run(
      transport,
      key,
      'mutation { createApiKey(name: "x") { __typename } }',
    );
    expect(answerOf(result)).toBe('FORBIDDEN');
    expect(await liveKeys(a.workspaceId)).toBe(before);
    expect(answerOf(await run.run(transport, key, '{ viewer { name } }'))).toBe('OK');
  });
});

describe('internal errors are masked and logged over both transports', () => {
  it.each(TRANSPORTS)(
    'answers a failing resolver over %s with "Internal server error"',
    async (transport) => {
      const logsBefore = run.logs.length;
      // A real internal failure: the table the resolver reads is gone for a moment.
      await run.pool.query('ALTER TABLE sync_jobs RENAME TO sync_jobs_hidden');
      let result: Awaited<ReturnType<SecurityRun['run']>>;
      try {
        result = await run.run(transport, a.key, '{ syncJobs { edges { node { id } } } }');
      } finally {
        await run.pool.query('ALTER TABLE sync_jobs_hidden RENAME TO sync_jobs');
      }
      expect(result.errors?.[0]).toMatchObject({
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(result.text).not.toMatch(/sync_jobs|relation|does not exist/);
      const logged = run.logs.slice(logsBefore).map((line) => JSON.parse(line));
      expect(
        logged.some((line) => line.level >= 50 && /sync_jobs/.test(JSON.stringify(line.err))),
      ).toBe(true);
    },
  );

  it.each(TRANSPORTS)(
    'answers the inputs that used to leak database errors over %s with typed errors',
    async (transport) => {
      const cases = [
        { query: '{ node(id: "garbage") { id } }', field: 'node' },
        { query: `{ node(id: "${globalId('Connection', 'not-a-uuid')}") { id } }`, field: 'node' },
        { query: '{ syncJob(id: "garbage") { id } }', field: 'syncJob' },
        {
          query:
            'mutation($n: String!) { r: createApiKey(name: $n) { __typename ... on ValidationError { field } } }',
          variables: { n: 'nul\u0000byte' },
          field: 'r',
        },
      ];
      for (const c of cases) {
        const result = await run.run(transport, a.key, c.query, c.variables);
        expect(result.text, c.query).not.toMatch(
          /INTERNAL_SERVER_ERROR|invalid input syntax|invalid byte sequence|uuid/,
        );
        expect(['OK', 'ValidationError']).toContain(answerOf(result, c.field));
      }
    },
  );
});

describe('the run', () => {
  it('leaves no token in logs, responses or other columns', async () => {
    const found = await run.findSecrets();
    console.log(`${run.summary('transport-limits')} tokens found=${found.length}`);
    expect(found).toEqual([]);
  });
});
