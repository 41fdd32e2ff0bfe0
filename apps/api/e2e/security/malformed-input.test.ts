import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalId } from '../../src/schema/ids.ts';
import { databaseSnapshot } from './database-snapshot.ts';
import {
  answerOf,
  type SecurityRun,
  type SweepWorkspace,
  startSecurityRun,
  TRANSPORTS,
} from './security-run.ts';

// Issue #16, finding 4: bad input must get a typed answer (a validation error naming the
// field, or null for an id that names nothing), store nothing, and echo nothing unbounded.

let run: SecurityRun;
let a: SweepWorkspace;
let connectionId: string;

beforeAll(async () => {
  run = await startSecurityRun({ rateLimit: { capacity: 10_000, perSecond: 1000 } });
  a = await run.workspace('A');
  await run.workspace('B');
  connectionId = globalId('Connection', await run.connection(a.workspaceId, 'act_1001'));
});
afterAll(() => run.close());

const NUL = 'a\u0000b';
const ERRORS = '__typename ... on Error { message } ... on ValidationError { field }';
const CREATE = `mutation($input: CreateConnectionInput!) { r: createConnection(input: $input) { ${ERRORS} } }`;
const UPDATE = `mutation($input: UpdateConnectionInput!) { r: updateConnection(input: $input) { ${ERRORS} } }`;
const START = `mutation($input: StartSyncInput!) { r: startSync(input: $input) { ${ERRORS} } }`;
const KEY = `mutation($name: String!) { r: createApiKey(name: $name) { ${ERRORS} } }`;
// The subject is malformed input, not the provider: the provider check is skipped.
const connection = {
  provider: 'FACEBOOK_ADS',
  externalAccountId: 'act_42',
  accessToken: 'EAAB-token',
  sandbox: true,
  verify: false,
};
const nested = (depth: number) => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { deeper: value };
  return value;
};
// As JSON text: this process's JSON.stringify overflows its own stack at 5,000 levels.
const nestedText = (depth: number) => `${'{"deeper":'.repeat(depth)}"leaf"${'}'.repeat(depth)}`;
const hugeId = 'x'.repeat(900_000);

type Case = {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** JSON text sent where the variables hold the string "$raw". */
  raw?: string;
  /** A union member's type, a top-level error code, or OK (a null answer). */
  expected: string;
  /** The field a ValidationError must name, or a phrase the message must hold. */
  field?: string;
  message?: RegExp;
};

const CASES: Case[] = [
  {
    name: 'NUL in a display name',
    query: CREATE,
    variables: { input: { ...connection, displayName: NUL } },
    expected: 'ValidationError',
    field: 'displayName',
  },
  {
    name: 'NUL in an account id',
    query: CREATE,
    variables: {
      input: { ...connection, provider: 'MICROSOFT_MAIL', externalAccountId: 'a\u0000@b.example' },
    },
    expected: 'ValidationError',
    field: 'externalAccountId',
  },
  {
    name: 'NUL in an access token',
    query: CREATE,
    variables: { input: { ...connection, accessToken: `EAAB${NUL}` } },
    expected: 'ValidationError',
    field: 'accessToken',
  },
  {
    name: 'a lone surrogate in a display name',
    query: CREATE,
    variables: { input: { ...connection, displayName: 'x\uD800y' } },
    expected: 'ValidationError',
    field: 'displayName',
  },
  {
    name: 'NUL in an API key name',
    query: KEY,
    variables: { name: NUL },
    expected: 'ValidationError',
    field: 'name',
  },
  {
    name: 'NUL in an updated display name',
    query: UPDATE,
    variables: { input: { id: '$connection', displayName: NUL } },
    expected: 'ValidationError',
    field: 'displayName',
  },
  {
    name: 'NUL in a settings value',
    query: UPDATE,
    variables: { input: { id: '$connection', settings: { label: NUL } } },
    expected: 'VALIDATION',
    field: 'input.settings',
    message: /input\.settings.*NUL/,
  },
  {
    name: 'NUL in a settings key',
    query: UPDATE,
    variables: { input: { id: '$connection', settings: { [NUL]: 1 } } },
    expected: 'VALIDATION',
    message: /NUL/,
  },
  {
    name: 'settings nested 5,000 deep',
    query: UPDATE,
    variables: { input: { id: '$connection', settings: '$raw' } },
    raw: nestedText(5000),
    expected: 'VALIDATION',
    message: /nested deeper than 32/,
  },
  {
    name: 'settings nested 200,000 deep (most of the 1 MiB body)',
    query: UPDATE,
    variables: { input: { id: '$connection', settings: '$raw' } },
    raw: `${'['.repeat(200_000)}${']'.repeat(200_000)}`,
    expected: 'VALIDATION',
    message: /nested deeper than 32/,
  },
  {
    name: 'node with a garbage id',
    query: '{ node(id: "garbage") { id } }',
    expected: 'OK',
  },
  {
    name: 'node with a 900 KB id',
    query: 'query($id: ID!) { node(id: $id) { id } }',
    variables: { id: hugeId },
    expected: 'OK',
  },
  {
    name: 'node with a global id around a non-uuid',
    query: `{ node(id: "${globalId('SyncJob', "1' OR 1=1")}") { id } }`,
    expected: 'OK',
  },
  {
    name: 'syncJob with a 900 KB id',
    query: 'query($id: ID!) { syncJob(id: $id) { id } }',
    variables: { id: hugeId },
    expected: 'OK',
  },
  {
    name: 'revokeApiKey with a 900 KB id',
    query:
      'mutation($id: ID!) { r: revokeApiKey(id: $id) { __typename ... on Error { message } } }',
    variables: { id: hugeId },
    expected: 'NotFoundError',
  },
  {
    name: 'a 900 KB string where an Int goes',
    query: '{ connections(first: $n) { edges { cursor } } }'.replace(
      '{ connections',
      'query($n: Int) { connections',
    ),
    variables: { n: hugeId },
    expected: 'BAD_USER_INPUT',
  },
  {
    name: 'an impossible date (2026-02-30)',
    query: START,
    variables: {
      input: {
        connectionId: '$connection',
        mode: 'CUSTOM_RANGE',
        from: '2026-02-30T00:00:00Z',
        to: '2026-03-10T00:00:00Z',
      },
    },
    expected: 'VALIDATION',
    field: 'input.from',
    message: /2026-02-30 is not a calendar date/,
  },
  {
    name: 'a timestamp without an offset',
    query: 'query($s: DateTime) { syncStats(since: $s) { __typename } }',
    variables: { s: '2026-01-31T10:00:00' },
    expected: 'VALIDATION',
    field: 's',
    message: /RFC 3339/,
  },
  {
    name: 'month 13 as a literal',
    query: '{ syncStats(since: "2026-13-01T00:00:00Z") { __typename } }',
    expected: 'VALIDATION',
    message: /not a calendar date/,
  },
  {
    name: 'a forged cursor',
    query: '{ connections(after: "%%%") { edges { cursor } } }',
    expected: 'VALIDATION',
  },
  {
    name: 'NUL in a stream name',
    query: 'query($c: ID!) { records(connectionId: $c, stream: "x\\u0000y") { edges { cursor } } }',
    variables: { c: '$connection' },
    expected: 'VALIDATION',
  },
];

/** Puts the real connection id where a case says `$connection` (variables and `input`). */
function withIds(variables: Record<string, unknown> | undefined) {
  if (!variables) return undefined;
  const swap = (v: unknown) => (v === '$connection' ? connectionId : v);
  const out = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, swap(v)]));
  if (out.input && typeof out.input === 'object') {
    out.input = Object.fromEntries(Object.entries(out.input).map(([k, v]) => [k, swap(v)]));
  }
  return out;
}

describe('the malformed-input sweep', () => {
  it.each(TRANSPORTS)(
    'answers every case over %s with a typed error and changes nothing',
    async (transport) => {
      const before = await databaseSnapshot(run.pool);
      for (const c of CASES) {
        const variables = withIds(c.variables);
        const result = c.raw
          ? await run.runRaw(transport, a.key, c.query, variables ?? {}, c.raw)
          : await run.run(transport, a.key, c.query, variables);
        const answer = answerOf(result, 'r');
        expect({ case: c.name, answer }).toEqual({ case: c.name, answer: c.expected });
        if (c.expected === 'OK') expect(Object.values(result.data ?? {})).toEqual([null]);
        // A union ValidationError's `field`, or a rejected variable's `extensions.field`.
        if (c.field) {
          expect(result.data?.r?.field ?? result.errors?.[0]?.extensions?.field, c.name).toBe(
            c.field,
          );
        }
        if (c.message) {
          const message = result.data?.r?.message ?? result.errors?.[0]?.message;
          expect(message, c.name).toMatch(c.message);
        }
        expect(result.text, c.name).not.toContain('INTERNAL_SERVER_ERROR');
        // Nothing the caller sent comes back at unbounded size.
        expect(result.text.length, c.name).toBeLessThan(4096);
      }
      expect(await databaseSnapshot(run.pool)).toEqual(before);
    },
  );

  it('still accepts the well-formed neighbours of those inputs', async () => {
    const ok = await run.http(
      a.key,
      'query($s: DateTime) { syncStats(since: $s) { __typename } }',
      {
        s: '2026-01-31T10:00:00+02:00',
      },
    );
    expect(answerOf(ok)).toBe('OK');
    const leap = await run.http(a.key, '{ syncStats(since: "2024-02-29") { __typename } }');
    expect(answerOf(leap)).toBe('OK');
    const node = await run.http(a.key, 'query($id: ID!) { node(id: $id) { id } }', {
      id: connectionId,
    });
    expect(node.data?.node).toEqual({ id: connectionId });
    const settings = await run.http(a.key, UPDATE, {
      input: { id: connectionId, settings: nested(20) },
    });
    expect(answerOf(settings, 'r')).not.toBe('INTERNAL_SERVER_ERROR');
  });
});

describe('malformed URLs', () => {
  it('answers them with 400, not 500', async () => {
    const before = await databaseSnapshot(run.pool);
    for (const path of ['/%', '/%zz', '/a%E0%A4%A', '//']) {
      const res = await run.fetch(path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
    }
    expect((await run.fetch('/ok/path')).status).toBe(200);
    expect(await databaseSnapshot(run.pool)).toEqual(before);
  });
});

describe('the run', () => {
  it('leaves no token in logs, responses or other columns', async () => {
    const found = await run.findSecrets();
    console.log(`${run.summary('malformed-input')} tokens found=${found.length}`);
    expect(found).toEqual([]);
  });
});
