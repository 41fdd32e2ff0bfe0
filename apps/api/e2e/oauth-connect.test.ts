// "Connect account" through the providers' OAuth authorization-code flow, end to end: the API
// over HTTP, a real database and the provider sandbox's own authorize and token endpoints,
// with every redirect followed by hand (`redirect: 'manual'`) the way a browser would.
import { facebookPagesConnector } from '@tributary/connectors';
import { openCredentials } from '@tributary/db';
import { type SandboxServer, startSandboxServer } from '@tributary/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalId } from '../src/schema/ids.ts';
import { type Harness, startHarness } from '../src/testing/api-harness.ts';
import { tableCounts } from '../src/testing/fixtures.ts';

const BEGIN = `mutation($input: BeginOAuthConnectionInput!) { beginOAuthConnection(input: $input) {
  __typename
  ... on BeginOAuthConnectionSuccess { authorizeUrl state }
  ... on ValidationError { field }
  ... on Error { message } } }`;

type Begin = {
  __typename: string;
  authorizeUrl?: string;
  state?: string;
  field?: string;
  message: string;
};

let sandbox: SandboxServer;
let h: Harness;
let a: { workspaceId: string; key: string };
let b: { workspaceId: string; key: string };

beforeAll(async () => {
  sandbox = await startSandboxServer({ port: 0 });
  h = await startHarness({
    rateLimit: { capacity: 1000, perSecond: 1000 },
    oauth: { sandboxUrl: sandbox.url },
  });
  a = await h.workspace('A');
  b = await h.workspace('B');
});
afterAll(async () => {
  await h?.close();
  await sandbox?.close();
});

async function begin(key: string, input: Record<string, unknown>): Promise<Begin> {
  const res = await h.gql<{ beginOAuthConnection: Begin }>(key, BEGIN, { input });
  expect(res.errors).toBeUndefined();
  return res.data!.beginOAuthConnection;
}

/** GET without following redirects. */
const visit = (url: string) => fetch(url, { redirect: 'manual' });

/** Begins a sandbox flow and follows the provider's consent redirect; returns the callback URL. */
async function authorize(key: string, input: Record<string, unknown>): Promise<URL> {
  const started = await begin(key, { sandbox: true, ...input });
  expect(started.__typename).toBe('BeginOAuthConnectionSuccess');
  const consent = await visit(started.authorizeUrl!);
  expect(consent.status).toBe(302);
  const callback = new URL(consent.headers.get('location')!);
  expect(`${callback.origin}${callback.pathname}`).toBe(`${h.url}/oauth/callback`);
  expect(callback.searchParams.get('state')).toBe(started.state);
  return callback;
}

/** The outcome the callback wrote into the return URL's fragment. */
function outcomeOf(response: Response): { path: string; outcome: Record<string, string> } {
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location')!);
  expect(location.origin).toBe(h.url);
  return {
    path: `${location.pathname}${location.search}`,
    outcome: Object.fromEntries(new URLSearchParams(location.hash.slice(1))),
  };
}

async function connectionRow(workspaceId: string, accountId: string) {
  const { rows } = await h.pool.query<{
    id: string;
    status: string;
    display_name: string;
    sandbox: boolean;
    credentials: Buffer;
  }>(
    `SELECT id, status, display_name, sandbox, credentials FROM connections
      WHERE workspace_id = $1 AND external_account_id = $2`,
    [workspaceId, accountId],
  );
  return rows;
}

describe('beginOAuthConnection rejects bad input and stores nothing', () => {
  it('answers a malformed account id with a ValidationError', async () => {
    const before = await tableCounts(h.pool);
    const result = await begin(a.key, {
      provider: 'FACEBOOK_PAGES',
      externalAccountId: 'act_1',
      sandbox: true,
    });
    expect(result).toMatchObject({ __typename: 'ValidationError', field: 'externalAccountId' });
    expect(await tableCounts(h.pool)).toEqual(before);
    const { rows } = await h.pool.query('SELECT 1 FROM oauth_states');
    expect(rows).toHaveLength(0);
  });

  it.each([
    'https://evil.example/',
    '//evil.example/connections',
    '/\\evil.example',
    'javascript:alert(1)',
    'http://127.0.0.1:1/',
  ])('rejects returnTo %s (another origin)', async (returnTo) => {
    const result = await begin(a.key, {
      provider: 'FACEBOOK_PAGES',
      externalAccountId: 'page_2001',
      sandbox: true,
      returnTo,
    });
    expect(result).toMatchObject({ __typename: 'ValidationError', field: 'returnTo' });
    const { rows } = await h.pool.query('SELECT 1 FROM oauth_states');
    expect(rows).toHaveLength(0);
  });

  it('says OAuth is not configured for a real provider without a client id and secret', async () => {
    for (const [provider, externalAccountId] of [
      ['FACEBOOK_ADS', 'act_1001'],
      ['MICROSOFT_MAIL', 'user_3001'],
    ]) {
      const result = await begin(a.key, { provider, externalAccountId });
      expect(result.__typename).toBe('OAuthNotConfiguredError');
      expect(result.message).toMatch(
        provider === 'FACEBOOK_ADS' ? /FACEBOOK_APP_ID/ : /MICROSOFT_CLIENT_ID/,
      );
    }
    const { rows } = await h.pool.query('SELECT 1 FROM oauth_states');
    expect(rows).toHaveLength(0);
  });

  it('needs an API key like every mutation', async () => {
    const res = await h.gql(null, BEGIN, {
      input: { provider: 'FACEBOOK_PAGES', externalAccountId: 'page_2001', sandbox: true },
    });
    expect(res.status).toBe(401);
  });
});

describe('/oauth/callback refuses states it did not issue, or issued and were used or expired', () => {
  it('answers a missing or unknown state with a 400 page and creates nothing', async () => {
    const before = await tableCounts(h.pool);
    for (const query of ['code=AQabc', 'code=AQabc&state=not-a-state-we-issued']) {
      const res = await visit(`${h.url}/oauth/callback?${query}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toMatch(/Connection failed[\s\S]*Nothing was connected/);
    }
    expect(await tableCounts(h.pool)).toEqual(before);
  });

  it('answers an expired state with a 400 page and creates nothing', async () => {
    const callback = await authorize(a.key, {
      provider: 'FACEBOOK_PAGES',
      externalAccountId: 'page_7001',
    });
    await h.pool.query(`UPDATE oauth_states SET expires_at = now() - interval '1 second'`);
    const res = await visit(callback.toString());
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/expired/);
    expect(await connectionRow(a.workspaceId, 'page_7001')).toHaveLength(0);
  });

  it('sends a denied consent back to the dashboard as oauth=error and creates nothing', async () => {
    const callback = await authorize(a.key, {
      provider: 'FACEBOOK_PAGES',
      externalAccountId: 'page_7002',
      returnTo: '/history',
    });
    callback.searchParams.delete('code');
    callback.searchParams.set('error', 'access_denied');
    callback.searchParams.set('error_reason', 'user_denied');
    const { path, outcome } = outcomeOf(await visit(callback.toString()));
    expect(path).toBe('/history');
    expect(outcome).toEqual({ oauth: 'error', message: expect.stringMatching(/not granted/) });
    expect(await connectionRow(a.workspaceId, 'page_7002')).toHaveLength(0);
    // The state was spent on the denial.
    expect((await visit(callback.toString())).status).toBe(400);
  });

  it('reports a code the provider refuses and creates nothing', async () => {
    const callback = await authorize(a.key, {
      provider: 'FACEBOOK_PAGES',
      externalAccountId: 'page_7003',
    });
    callback.searchParams.set('code', 'AQnot-a-code-the-sandbox-issued');
    const { path, outcome } = outcomeOf(await visit(callback.toString()));
    expect(path).toBe('/');
    expect(outcome.oauth).toBe('error');
    expect(outcome.message).toMatch(/refused the authorization code: .*verification code/);
    expect(await connectionRow(a.workspaceId, 'page_7003')).toHaveLength(0);
  });
});

describe('/oauth/callback for a Facebook Page the signed-in user cannot hand over', () => {
  it('refuses a Page the signed-in Facebook user does not manage, saying so, and creates nothing', async () => {
    const callback = await authorize(a.key, {
      provider: 'FACEBOOK_PAGES',
      externalAccountId: 'page_7004',
      returnTo: '/connections',
    });
    const before = await tableCounts(h.pool);
    const { path, outcome } = outcomeOf(await visit(callback.toString()));
    expect(path).toBe('/connections');
    expect(outcome).toEqual({
      oauth: 'error',
      message: expect.stringMatching(
        /^The signed-in Facebook user does not manage Page page_7004 \(or did not grant it to Tributary\)/,
      ),
    });
    expect(await connectionRow(a.workspaceId, 'page_7004')).toHaveLength(0);
    expect(await tableCounts(h.pool)).toEqual(before);
  });
});

describe('connecting through the sandbox’s OAuth screens', () => {
  let connectionId: string;

  it('creates a Facebook Pages connection with an encrypted token and starts its INITIAL sync', async () => {
    const before = await tableCounts(h.pool);
    const callback = await authorize(a.key, {
      provider: 'FACEBOOK_PAGES',
      externalAccountId: 'page_2001',
      displayName: 'Support inbox',
      returnTo: '/records?stream=messages',
    });
    const response = await visit(callback.toString());
    const { path, outcome } = outcomeOf(response);
    expect(path).toBe('/records?stream=messages');
    expect(outcome).toEqual({
      oauth: 'connected',
      connectionId: expect.any(String),
      jobId: expect.any(String),
    });
    expect(response.headers.get('cache-control')).toBe('no-store');

    const [row, ...others] = await connectionRow(a.workspaceId, 'page_2001');
    expect(others).toHaveLength(0);
    expect(row).toMatchObject({ status: 'ACTIVE', display_name: 'Support inbox', sandbox: true });
    connectionId = globalId('Connection', row!.id);
    expect(outcome.connectionId).toBe(connectionId);
    const credentials = openCredentials(h.secretKey, row!.credentials);
    expect(credentials.accessToken).toMatch(/^EAAB/);
    expect(row!.credentials.includes(Buffer.from(credentials.accessToken))).toBe(false);

    // The exchanged token is one the provider accepts.
    const page = await fetch(
      `${sandbox.providers.FACEBOOK_PAGES}/v21.0/page_2001?fields=id,name&access_token=${credentials.accessToken}`,
    );
    expect(page.status).toBe(200);

    const { data } = await h.gql(
      a.key,
      `query($id: ID!) { syncJob(id: $id) { mode phase status connection { id displayName } } }`,
      { id: outcome.jobId },
    );
    expect(data).toEqual({
      syncJob: {
        mode: 'INITIAL',
        phase: 'RECENT',
        status: 'PENDING',
        connection: { id: connectionId, displayName: 'Support inbox' },
      },
    });
    const after = await tableCounts(h.pool);
    expect(after.connections).toBe(before.connections! + 1);
    // The RECENT job and the HISTORICAL job that follows it.
    expect(after.jobs).toBe(before.jobs! + 2);

    // The state works once.
    const again = await visit(callback.toString());
    expect(again.status).toBe(400);
    expect(await again.text()).toMatch(/already used/);
    expect(await tableCounts(h.pool)).toEqual(after);
  });

  it('stores the Page’s own access token, which a sync reads the Page with', async () => {
    const [row] = await connectionRow(a.workspaceId, 'page_2001');
    const { accessToken } = openCredentials(h.secretKey, row!.credentials);
    const context = {
      provider: 'FACEBOOK_PAGES' as const,
      baseUrl: sandbox.providers.FACEBOOK_PAGES,
      allowedOrigins: [new URL(sandbox.url).origin],
      credentials: { accessToken },
    };
    const read = await facebookPagesConnector.readPage({
      ...context,
      accountId: 'page_2001',
      chunk: { stream: 'conversations', kind: 'conversations' },
      cursor: null,
      pageSize: 5,
      signal: AbortSignal.timeout(10_000),
    });
    expect(read.records.filter((r) => r.stream === 'conversations')).toHaveLength(5);
    // A Page token, not the user's: it speaks for page_2001 only and has no /me/accounts.
    const graph = (path: string) =>
      fetch(`${sandbox.providers.FACEBOOK_PAGES}/v21.0/${path}`, {
        headers: { authorization: `Bearer ${accessToken}` },
      }).then((r) => r.json() as Promise<{ error?: { message: string } }>);
    expect((await graph('me/accounts')).error?.message).toContain('on node type (Page)');
    expect((await graph('page_9999')).error?.message).toContain('belongs to Page page_2001');
  });

  it('keeps the new connection inside the workspace that started the flow', async () => {
    const mine = await h.gql(a.key, 'query($id: ID!) { node(id: $id) { id } }', {
      id: connectionId,
    });
    expect(mine.data).toEqual({ node: { id: connectionId } });
    const theirs = await h.gql(
      b.key,
      'query($id: ID!) { node(id: $id) { id } connections { edges { cursor } } }',
      { id: connectionId },
    );
    expect(theirs.data).toEqual({ node: null, connections: { edges: [] } });
  });

  it('stores a Microsoft refresh token alongside the access token', async () => {
    const callback = await authorize(a.key, {
      provider: 'MICROSOFT_MAIL',
      externalAccountId: 'user_3001',
    });
    expect(callback.searchParams.get('code')).toMatch(/^M\./);
    const { outcome } = outcomeOf(await visit(callback.toString()));
    expect(outcome).toMatchObject({ oauth: 'connected', jobId: expect.any(String) });
    const [row] = await connectionRow(a.workspaceId, 'user_3001');
    const credentials = openCredentials(h.secretKey, row!.credentials);
    expect(credentials).toEqual({
      accessToken: expect.stringMatching(/^EwB/),
      refreshToken: expect.stringMatching(/^M\.C5/),
      expiresAt: expect.any(String),
    });
    expect(Date.parse(credentials.expiresAt!)).toBeGreaterThan(Date.now());
  });

  it('accepts a same-origin absolute returnTo and redirects to its path', async () => {
    const callback = await authorize(a.key, {
      provider: 'FACEBOOK_ADS',
      externalAccountId: 'act_1001',
      returnTo: `${h.url}/history?connection=x#stale`,
    });
    const { path, outcome } = outcomeOf(await visit(callback.toString()));
    expect(path).toBe('/history?connection=x');
    expect(outcome.oauth).toBe('connected');
  });

  it('re-authorises a NEEDS_REAUTH connection in place: ACTIVE again, no duplicate, no new sync', async () => {
    const [row] = await connectionRow(a.workspaceId, 'page_2001');
    await h.pool.query(
      `UPDATE connections SET status = 'NEEDS_REAUTH', status_message = 'token expired' WHERE id = $1`,
      [row!.id],
    );
    const oldToken = openCredentials(h.secretKey, row!.credentials).accessToken;
    const before = await tableCounts(h.pool);

    const callback = await authorize(a.key, {
      provider: 'FACEBOOK_PAGES',
      externalAccountId: 'page_2001',
    });
    const { outcome } = outcomeOf(await visit(callback.toString()));
    expect(outcome).toEqual({ oauth: 'connected', connectionId, reauthorized: 'true' });

    const rows = await connectionRow(a.workspaceId, 'page_2001');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: row!.id, status: 'ACTIVE', display_name: 'Support inbox' });
    const { rows: message } = await h.pool.query(
      'SELECT status_message FROM connections WHERE id = $1',
      [row!.id],
    );
    expect(message[0]).toEqual({ status_message: null });
    const token = openCredentials(h.secretKey, rows[0]!.credentials).accessToken;
    expect(token).toMatch(/^EAAB/);
    expect(token).not.toBe(oldToken);
    const after = await tableCounts(h.pool);
    expect({ ...after, connections_digest: null }).toEqual({
      ...before,
      active_connections: before.active_connections! + 1,
      connections_digest: null,
    });
  });

  it('connects the same account separately in another workspace', async () => {
    const callback = await authorize(b.key, {
      provider: 'FACEBOOK_PAGES',
      externalAccountId: 'page_2001',
    });
    const { outcome } = outcomeOf(await visit(callback.toString()));
    expect(outcome.oauth).toBe('connected');
    expect(outcome.connectionId).not.toBe(connectionId);
    expect(await connectionRow(b.workspaceId, 'page_2001')).toHaveLength(1);
    expect(await connectionRow(a.workspaceId, 'page_2001')).toHaveLength(1);
  });
});
