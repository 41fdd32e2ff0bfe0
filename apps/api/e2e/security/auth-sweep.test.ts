import { getIntrospectionQuery } from 'graphql/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalId } from '../../src/schema/ids.ts';
import { schema } from '../../src/schema/index.ts';
import { insertJob } from '../../src/testing/fixtures.ts';
import { databaseSnapshot } from './database-snapshot.ts';
import { operationFor, rootFields } from './schema-sweep.ts';
import {
  answerOf,
  type SecurityRun,
  type SweepWorkspace,
  startSecurityRun,
  TRANSPORTS,
} from './security-run.ts';

// Every field, over both transports, with no key, a bad key, a revoked key and an expired key:
// nothing runs. With a read-only key: queries and subscriptions run, mutations are FORBIDDEN.
// Plus the key lifecycle: expiry closes live sockets like revocation, use is recorded, and
// every mutation lands in the workspace's audit log without its secret values.

let run: SecurityRun;
let a: SweepWorkspace;
let ids: Record<string, string>;

const FIELDS = rootFields(schema);
const CLOSE_FORBIDDEN = 4403;

beforeAll(async () => {
  run = await startSecurityRun({ rateLimit: { capacity: 100_000, perSecond: 1000 } });
  a = await run.workspace('A');
  await run.workspace('B');
  const connection = await run.connection(a.workspaceId, 'act_1001');
  const job = await insertJob(run.pool, { workspaceId: a.workspaceId, connectionId: connection });
  ids = { connection: globalId('Connection', connection), job: globalId('SyncJob', job) };
});
afterAll(() => run.close());

/** A's own ids, so an operation that did run would find its objects. */
const ownIds = { id: (name: string) => (/job/i.test(name) ? ids.job! : ids.connection!) };

async function badCredentials(): Promise<[string, string | null][]> {
  const revoked = await run.key(a.workspaceId);
  await run.pool.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [revoked.apiKeyId]);
  const expired = await run.key(a.workspaceId, { expiresAt: new Date(Date.now() - 1000) });
  return [
    ['no key', null],
    ['a malformed key', 'not-a-key'],
    ['an unknown key', `trb_${'x'.repeat(43)}`],
    ['a revoked key', revoked.key],
    ['an expired key', expired.key],
  ];
}

describe('the auth sweep', () => {
  it('runs nothing for a missing, bad, revoked or expired key, over either transport', async () => {
    const credentials = await badCredentials();
    const before = await databaseSnapshot(run.pool);
    for (const [label, key] of credentials) {
      for (const root of FIELDS.filter((f) => f.kind !== 'subscription')) {
        const { query, variables } = operationFor(root, ownIds);
        const result = await run.http(key, query, variables);
        expect({
          label,
          field: root.name,
          status: result.status,
          data: result.data ?? null,
        }).toEqual({
          label,
          field: root.name,
          status: 401,
          data: null,
        });
        expect(answerOf(result)).toBe('UNAUTHENTICATED');
      }
      // graphql-ws checks the key once, in connection_init: the socket is refused.
      const { client, closed } = run.wsClient(key);
      const attempt = run.ws(client, '{ viewer { name } }');
      expect({ label, code: (await closed).code }).toEqual({ label, code: CLOSE_FORBIDDEN });
      expect((await attempt).data ?? null).toBeNull();
    }
    expect(await databaseSnapshot(run.pool)).toEqual(before);
  });

  it.each(TRANSPORTS)('lets a read-only key read but not mutate, over %s', async (transport) => {
    const { key } = await run.key(a.workspaceId, { scope: 'READ' });
    const before = await databaseSnapshot(run.pool);
    for (const root of FIELDS) {
      if (root.kind === 'subscription' && transport === 'http') continue;
      const { query, variables } = operationFor(root, ownIds);
      const result = await run.run(transport, key, query, variables);
      const answer = answerOf(result, root.name);
      if (root.kind === 'mutation') {
        expect({ field: root.name, answer }).toEqual({ field: root.name, answer: 'FORBIDDEN' });
        if (transport === 'http') expect(result.status).toBe(403);
      } else {
        expect({ field: root.name, answer }).not.toMatchObject({
          answer: expect.stringMatching(
            /FORBIDDEN|UNAUTHENTICATED|INTERNAL_SERVER_ERROR|GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT/,
          ),
        });
      }
    }
    expect(await databaseSnapshot(run.pool)).toEqual(before);
  });
});

describe('public schema, private data', () => {
  it('serves introspection and /schema.graphql without a key, and nothing else', async () => {
    const introspection = await run.http(null, '{ __schema { queryType { name } } }');
    expect(introspection.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    // The whole introspection query, fragments and all, as GraphiQL sends it before sign-in.
    const full = await run.http(null, getIntrospectionQuery({ inputValueDeprecation: true }));
    expect(full.status).toBe(200);
    expect(full.data).toHaveProperty('__schema.queryType.name', 'Query');
    expect((await run.fetch('/schema.graphql')).text).toContain('type Query');
    for (const query of [
      '{ __typename viewer { name } }',
      'mutation { __typename }',
      '{ __schema { queryType { name } } } query Other { viewer { name } }',
    ]) {
      expect((await run.http(null, query)).status, query).toBe(401);
    }
    // A key that is sent must be valid, even for introspection.
    expect((await run.http('not-a-key', '{ __schema { queryType { name } } }')).status).toBe(401);
  });
});

describe('key lifecycle', () => {
  /** A socket holding a live subscription (graphql-ws clients close idle sockets themselves). */
  function liveSocket(key: string) {
    const { client, closed } = run.wsClient(key);
    const firstEvent = new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: 'subscription { syncActivity { kind job { id } } }' },
        { next: resolve, error: () => {}, complete: () => {} },
      );
    });
    return { closed, firstEvent };
  }

  it('closes a live socket when its key is revoked', async () => {
    const revoked = await run.key(a.workspaceId);
    const socket = liveSocket(revoked.key);
    expect(await socket.firstEvent).toMatchObject({
      data: { syncActivity: { job: { id: ids.job } } },
    });
    await run.http(a.key, 'mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }', {
      id: globalId('ApiKey', revoked.apiKeyId),
    });
    expect((await socket.closed).code).toBe(CLOSE_FORBIDDEN);
  });

  it('closes a live socket when its key expires', async () => {
    // The key must outlive connecting, however slow this machine is: start with 2 s and
    // double until a socket is up before its key expires.
    for (let margin = 2000; ; margin *= 2) {
      expect(margin, 'never connected before the key expired').toBeLessThan(60_000);
      const expiring = await run.key(a.workspaceId, { expiresAt: new Date(Date.now() + margin) });
      const socket = liveSocket(expiring.key);
      const first = await Promise.race([
        socket.firstEvent.then(() => 'connected' as const),
        socket.closed.then(() => 'refused' as const),
      ]);
      if (first === 'refused') continue;
      expect((await socket.closed).code).toBe(CLOSE_FORBIDDEN);
      expect(run.responses).toContain('close 4403 API key expired');
      expect((await run.http(expiring.key, '{ viewer { name } }')).status).toBe(401);
      return;
    }
  });

  it('records when a key was used', async () => {
    const fresh = await run.key(a.workspaceId);
    const lastUsed = async () =>
      (await run.http(a.key, '{ viewer { apiKeys { id lastUsedAt } } }')).data!.viewer.apiKeys.find(
        (k: { id: string }) => k.id === globalId('ApiKey', fresh.apiKeyId),
      ).lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await run.http(fresh.key, '{ viewer { name } }');
    // The write is off the request path: wait for it through the database.
    for (;;) {
      const { rows } = await run.pool.query(
        'SELECT 1 FROM api_keys WHERE id = $1 AND last_used_at IS NOT NULL',
        [fresh.apiKeyId],
      );
      if (rows.length) break;
      await new Promise((done) => setTimeout(done, 10));
    }
    expect(Date.parse(await lastUsed())).toBeGreaterThan(Date.now() - 60_000);
  });

  it.each(TRANSPORTS)(
    'audits every mutation over %s: who, what, when, never its secrets',
    async (transport) => {
      const { key, apiKeyId } = await run.key(a.workspaceId);
      const secretToken = `EAAaudit${transport}${Date.now()}`;
      run.secrets.add(secretToken);
      const created = await run.run(
        transport,
        key,
        `mutation($input: CreateConnectionInput!) { createConnection(input: $input) {
        __typename ... on CreateConnectionSuccess { connection { id } } } }`,
        {
          input: {
            provider: 'FACEBOOK_ADS',
            externalAccountId: `act_${transport === 'http' ? 5551 : 5552}`,
            accessToken: secretToken,
            sandbox: true,
            // The subject is the audit log, not the provider: no account to check.
            verify: false,
          },
        },
      );
      const connectionId = created.data?.createConnection?.connection?.id as string;
      expect(connectionId).toBeTruthy();
      await run.run(
        transport,
        key,
        'mutation($id: ID!) { cancelSync(jobId: $id) { __typename } }',
        {
          id: 'missing',
        },
      );
      const log = await run.http(
        a.key,
        '{ viewer { auditLog(first: 2) { edges { node { apiKeyId actor action targetIds outcome at } } } } }',
      );
      const entries = log.data!.viewer.auditLog.edges.map((e: { node: unknown }) => e.node);
      const { rows } = await run.pool.query<{ name: string }>(
        'SELECT name FROM api_keys WHERE id = $1',
        [apiKeyId],
      );
      expect(entries).toMatchObject([
        {
          apiKeyId: globalId('ApiKey', apiKeyId),
          actor: rows[0]!.name,
          action: 'cancelSync',
          targetIds: ['missing'],
          outcome: 'NotFoundError',
        },
        {
          apiKeyId: globalId('ApiKey', apiKeyId),
          action: 'createConnection',
          targetIds: [connectionId],
          outcome: 'SUCCESS',
        },
      ]);
      expect(Date.parse(entries[0].at)).toBeGreaterThan(Date.now() - 60_000);
      // The secret went in as an argument; it is in no log, response or column (see the scan).
    },
  );
});

describe('the run', () => {
  it('leaves no token in logs, responses or other columns', async () => {
    const found = await run.findSecrets();
    console.log(`${run.summary('auth-sweep')} tokens found=${found.length}`);
    expect(found).toEqual([]);
  });
});
