import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, type Harness, startHarness } from '../testing/api-harness.ts';

let h: Harness;
let a: { workspaceId: string; key: string; apiKeyId: string };

beforeAll(async () => {
  h = await startHarness();
  a = await h.workspace('A');
});
afterAll(() => h.close());

const VIEWER = '{ viewer { name } }';

describe('API keys over HTTP', () => {
  it('rejects a request without a key with 401', async () => {
    const res = await h.gql(null, VIEWER);
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a malformed, unknown or non-bearer key with 401', async () => {
    for (const header of ['Bearer nope', `Bearer trb_${'x'.repeat(43)}`, `Basic ${a.key}`, a.key]) {
      const res = await fetch(`${h.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: header },
        body: JSON.stringify({ query: VIEWER }),
      });
      expect(res.status, header.slice(0, 12)).toBe(401);
    }
  });

  it('accepts a valid key, and rejects it once revoked', async () => {
    const { data } = await h.gql(
      a.key,
      'mutation { createApiKey(name: "ci") { ... on CreateApiKeySuccess { key apiKey { id prefix } } } }',
    );
    const created = data!.createApiKey as { key: string; apiKey: { id: string; prefix: string } };
    expect(created.key).toMatch(/^trb_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.apiKey.prefix)).toBe(true);
    expect((await h.gql(created.key, VIEWER)).data).toEqual({ viewer: { name: 'A' } });

    const revoked = await h.gql(
      a.key,
      'mutation($id: ID!) { revokeApiKey(id: $id) { __typename ... on RevokeApiKeySuccess { apiKey { revokedAt } } } }',
      {
        id: created.apiKey.id,
      },
    );
    expect(revoked.data?.revokeApiKey).toMatchObject({ __typename: 'RevokeApiKeySuccess' });
    expect((await h.gql(created.key, VIEWER)).status).toBe(401);
    // The key that revoked it still works.
    expect((await h.gql(a.key, VIEWER)).status).toBe(200);
  });

  it('stores only the SHA-256 of a key', async () => {
    const { rows } = await h.pool.query<{ key_hash: string }>(
      'SELECT key_hash FROM api_keys WHERE id = $1',
      [a.apiKeyId],
    );
    expect(rows[0]!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.key_hash).not.toContain(a.key.slice(4));
  });

  it('lists keys without exposing them', async () => {
    const { data } = await h.gql(a.key, '{ viewer { apiKeys { name prefix revokedAt } } }');
    const keys = (data!.viewer as { apiKeys: { prefix: string }[] }).apiKeys;
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(data)).not.toContain(a.key);
  });
});

describe('API keys over WebSocket', () => {
  const ACTIVITY = 'subscription { syncActivity { kind } }';

  it('refuses a connection without a key or with a wrong one (close 4403)', async () => {
    for (const key of [null, `trb_${'y'.repeat(43)}`]) {
      const closed = new Promise<number>((resolve) => {
        const client = h.wsClient(key, resolve);
        collect(client, ACTIVITY, {}, 1).done.catch(() => {});
      });
      expect(await closed).toBe(4403);
    }
  });

  it('closes the open sockets of a key when it is revoked', async () => {
    const { data } = await h.gql(
      a.key,
      'mutation { createApiKey(name: "ws") { ... on CreateApiKeySuccess { key apiKey { id } } } }',
    );
    const created = data!.createApiKey as { key: string; apiKey: { id: string } };
    let onClose!: (code: number) => void;
    const closed = new Promise<number>((resolve) => {
      onClose = resolve;
    });
    const client = h.wsClient(created.key, onClose);
    const connected = new Promise<void>((resolve) => client.on('connected', () => resolve()));
    const subscription = collect(client, ACTIVITY, {}, 1);
    subscription.done.catch(() => {});
    await connected;

    // A socket of another key stays open.
    const other = h.wsClient(a.key);

    await h.gql(a.key, 'mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }', {
      id: created.apiKey.id,
    });
    expect(await closed).toBe(4403);
    const stillOpen = await collect<{ viewer: { name: string } }>(
      other,
      '{ viewer { name } }',
      {},
      1,
    ).done;
    expect(stillOpen).toEqual([{ viewer: { name: 'A' } }]);

    // And a fresh connection with the revoked key is refused.
    const again = new Promise<number>((resolve) => {
      const c = h.wsClient(created.key, resolve);
      collect(c, ACTIVITY, {}, 1).done.catch(() => {});
    });
    expect(await again).toBe(4403);
  });
});
