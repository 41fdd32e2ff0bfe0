// "Sign in, then pick" end to end: the API over real HTTP, a real database, the provider
// sandbox's own consent screens and listing endpoints, every redirect followed by hand. Also the
// paste-a-token fallback, which asks the provider before it creates anything.
import { openCredentials } from '@tributary/db';
import { type SandboxServer, sandboxAdmin, startSandboxServer } from '@tributary/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../src/testing/api-harness.ts';
import { tableCounts } from '../src/testing/fixtures.ts';

const BEGIN = `mutation($input: BeginOAuthConnectionInput!) { beginOAuthConnection(input: $input) {
  __typename ... on BeginOAuthConnectionSuccess { authorizeUrl } ... on Error { message } } }`;

const ACCOUNTS = `query($signIn: String!) { signInAccounts(signIn: $signIn) {
  __typename
  ... on SignInAccounts { provider sandbox expiresAt
    accounts { externalAccountId name detail unavailableReason connection { id } } }
  ... on Error { code message } } }`;

const CONNECT = `mutation($input: ConnectSignedInAccountInput!) { connectSignedInAccount(input: $input) {
  __typename
  ... on ConnectSignedInAccountSuccess { reauthorized
    connection { id externalAccountId displayName sandbox status } job { id mode phase } }
  ... on ValidationError { field }
  ... on Error { code message } } }`;

const CREATE = `mutation($input: CreateConnectionInput!) { createConnection(input: $input) {
  __typename
  ... on CreateConnectionSuccess { connection { id externalAccountId displayName } }
  ... on ValidationError { field }
  ... on Error { code message } } }`;

type Listed = {
  externalAccountId: string;
  name: string;
  detail: string | null;
  unavailableReason: string | null;
  connection: { id: string } | null;
};

let sandbox: SandboxServer;
let h: Harness;
let a: { workspaceId: string; key: string };
let b: { workspaceId: string; key: string };

beforeAll(async () => {
  sandbox = await startSandboxServer({ port: 0 });
  await sandboxAdmin(sandbox.url).reset({
    seed: 4,
    accounts: [
      {
        provider: 'FACEBOOK_ADS',
        id: 'act_1001',
        name: 'Shop US',
        campaigns: 2,
        adsets: 2,
        ads: 2,
      },
      { provider: 'FACEBOOK_ADS', id: 'act_1002', name: 'Shop EU', currency: 'EUR' },
      // Readable by id, but the signed-in user has no role on it.
      { provider: 'FACEBOOK_ADS', id: 'act_1003', listed: false, campaigns: 0, adsets: 0, ads: 0 },
      { provider: 'FACEBOOK_PAGES', id: 'page_2001', name: 'Support inbox', conversations: 3 },
      { provider: 'FACEBOOK_PAGES', id: 'page_2002', conversations: 1, tasks: ['ANALYZE'] },
      { provider: 'MICROSOFT_MAIL', id: 'user_3001', messages: 5 },
    ],
  });
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

/** Signs in through the sandbox's consent screen without naming an account; returns the grant. */
async function signIn(key: string, provider: string): Promise<string> {
  const begun = await h.gql<{ beginOAuthConnection: { __typename: string; authorizeUrl: string } }>(
    key,
    BEGIN,
    { input: { provider, sandbox: true, returnTo: '/connections' } },
  );
  expect(begun.data?.beginOAuthConnection.__typename).toBe('BeginOAuthConnectionSuccess');
  const consent = await fetch(begun.data!.beginOAuthConnection.authorizeUrl, {
    redirect: 'manual',
  });
  const callback = await fetch(consent.headers.get('location')!, { redirect: 'manual' });
  expect(callback.status).toBe(302);
  expect(callback.headers.get('cache-control')).toBe('no-store');
  const back = new URL(callback.headers.get('location')!);
  expect(back.pathname).toBe('/connections');
  const outcome = Object.fromEntries(new URLSearchParams(back.hash.slice(1)));
  expect(outcome).toEqual({ oauth: 'signed-in', signIn: expect.any(String), provider });
  return outcome.signIn!;
}

async function listAccounts(key: string, grant: string) {
  const res = await h.gql<{ signInAccounts: Record<string, unknown> }>(key, ACCOUNTS, {
    signIn: grant,
  });
  expect(res.errors).toBeUndefined();
  return res.data!.signInAccounts as {
    __typename: string;
    accounts: Listed[];
    code?: string;
    message?: string;
  };
}

async function connect(key: string, input: Record<string, unknown>) {
  const res = await h.gql<{ connectSignedInAccount: Record<string, unknown> }>(key, CONNECT, {
    input,
  });
  expect(res.errors).toBeUndefined();
  return res.data!.connectSignedInAccount;
}

async function storedToken(workspaceId: string, accountId: string): Promise<string> {
  const { rows } = await h.pool.query<{ credentials: Buffer }>(
    'SELECT credentials FROM connections WHERE workspace_id = $1 AND external_account_id = $2',
    [workspaceId, accountId],
  );
  expect(rows).toHaveLength(1);
  return openCredentials(h.secretKey, rows[0]!.credentials).accessToken;
}

describe('sign in first, then pick from the accounts the token sees', () => {
  it('signing in creates no connection, only a sign-in the dashboard can list', async () => {
    const before = await tableCounts(h.pool);
    const grant = await signIn(a.key, 'FACEBOOK_ADS');
    expect(await tableCounts(h.pool)).toEqual(before);
    const { rows } = await h.pool.query<{ credentials: Buffer }>(
      'SELECT credentials FROM oauth_sign_ins',
    );
    expect(rows).toHaveLength(1);
    // Sealed at rest, and the grant itself is stored only as a hash.
    const token = openCredentials(h.secretKey, rows[0]!.credentials).accessToken;
    expect(rows[0]!.credentials.includes(Buffer.from(token))).toBe(false);
    const { rows: hashes } = await h.pool.query(
      'SELECT 1 FROM oauth_sign_ins WHERE grant_hash = $1',
      [grant],
    );
    expect(hashes).toHaveLength(0);
  });

  it('lists the ad accounts the user has a role on, without any token, and connects the one picked', async () => {
    const grant = await signIn(a.key, 'FACEBOOK_ADS');
    const listed = await listAccounts(a.key, grant);
    expect(listed.__typename).toBe('SignInAccounts');
    expect(listed.accounts).toEqual([
      {
        externalAccountId: 'act_1001',
        name: 'Shop US',
        detail: 'act_1001 · USD · Active',
        unavailableReason: null,
        connection: null,
      },
      {
        externalAccountId: 'act_1002',
        name: 'Shop EU',
        detail: 'act_1002 · EUR · Active',
        unavailableReason: null,
        connection: null,
      },
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/EAAB/);

    const before = await tableCounts(h.pool);
    const connected = await connect(a.key, { signIn: grant, externalAccountId: 'act_1002' });
    expect(connected).toMatchObject({
      __typename: 'ConnectSignedInAccountSuccess',
      reauthorized: false,
      connection: {
        externalAccountId: 'act_1002',
        displayName: 'Shop EU',
        sandbox: true,
        status: 'ACTIVE',
      },
      job: { mode: 'INITIAL', phase: 'RECENT' },
    });
    const after = await tableCounts(h.pool);
    expect(after.connections).toBe(before.connections! + 1);
    // The stored token is the signed-in user's, and the sandbox takes it for the account.
    const token = await storedToken(a.workspaceId, 'act_1002');
    const read = await fetch(`${sandbox.providers.FACEBOOK_ADS}/v21.0/act_1002?fields=name`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(read.status).toBe(200);

    // Listed again, the account shows its connection; picking it again re-authorises in place.
    const again = await listAccounts(a.key, grant);
    const act1002 = again.accounts.find((x) => x.externalAccountId === 'act_1002');
    expect(act1002?.connection?.id).toBe((connected.connection as { id: string }).id);
    const reauth = await connect(a.key, { signIn: grant, externalAccountId: 'act_1002' });
    expect(reauth).toMatchObject({ reauthorized: true, job: null });
    expect((await tableCounts(h.pool)).connections).toBe(after.connections);
  });

  it('refuses an account the sign-in cannot see, another workspace’s grant and a stale one, creating nothing', async () => {
    const grant = await signIn(a.key, 'FACEBOOK_ADS');
    const before = await tableCounts(h.pool);
    for (const externalAccountId of ['act_1003', 'act_9999']) {
      expect(await connect(a.key, { signIn: grant, externalAccountId })).toMatchObject({
        __typename: 'NotFoundError',
        code: 'NOT_FOUND',
        message: expect.stringContaining(externalAccountId),
      });
    }
    expect(await listAccounts(b.key, grant)).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });
    expect(await connect(b.key, { signIn: grant, externalAccountId: 'act_1001' })).toMatchObject({
      __typename: 'NotFoundError',
    });
    expect(
      await connect(a.key, { signIn: 'not a grant', externalAccountId: 'act_1001' }),
    ).toMatchObject({
      __typename: 'ValidationError',
      field: 'signIn',
    });
    await h.pool.query(`UPDATE oauth_sign_ins SET expires_at = now() - interval '1 second'`);
    expect(await listAccounts(a.key, grant)).toMatchObject({
      __typename: 'NotFoundError',
      message: expect.stringMatching(/expired/),
    });
    expect(await tableCounts(h.pool)).toEqual(before);
  });

  it('lists managed Pages, marks one without MESSAGING, and stores the picked Page’s own token', async () => {
    const grant = await signIn(a.key, 'FACEBOOK_PAGES');
    const listed = await listAccounts(a.key, grant);
    expect(listed.accounts.map((p) => [p.externalAccountId, p.name, p.unavailableReason])).toEqual([
      ['page_2001', 'Support inbox', null],
      ['page_2002', 'Sandbox Page 2002', expect.stringMatching(/MESSAGING/)],
    ]);
    const before = await tableCounts(h.pool);
    expect(await connect(a.key, { signIn: grant, externalAccountId: 'page_2002' })).toMatchObject({
      __typename: 'ValidationError',
      field: 'externalAccountId',
    });
    expect(await tableCounts(h.pool)).toEqual(before);

    const connected = await connect(a.key, {
      signIn: grant,
      externalAccountId: 'page_2001',
      displayName: 'Helpdesk',
    });
    expect(connected).toMatchObject({ connection: { displayName: 'Helpdesk' } });
    const pageToken = await storedToken(a.workspaceId, 'page_2001');
    const graph = (path: string) =>
      fetch(`${sandbox.providers.FACEBOOK_PAGES}/v21.0/${path}`, {
        headers: { authorization: `Bearer ${pageToken}` },
      }).then((r) => r.json() as Promise<{ error?: { message: string } }>);
    // A Page token: it reads its Page and has no /me/accounts of its own.
    expect((await graph('page_2001?fields=id')).error).toBeUndefined();
    expect((await graph('me/accounts')).error?.message).toContain('on node type (Page)');
  });

  it('lists the signed-in Microsoft mailbox and connects it with its refresh token', async () => {
    const grant = await signIn(a.key, 'MICROSOFT_MAIL');
    const listed = await listAccounts(a.key, grant);
    expect(listed.accounts).toEqual([
      {
        externalAccountId: 'user_3001',
        name: expect.any(String),
        detail: expect.stringContaining('@'),
        unavailableReason: null,
        connection: null,
      },
    ]);
    const connected = await connect(a.key, { signIn: grant, externalAccountId: 'user_3001' });
    expect(connected).toMatchObject({ __typename: 'ConnectSignedInAccountSuccess' });
    const { rows } = await h.pool.query<{ credentials: Buffer }>(
      `SELECT credentials FROM connections WHERE workspace_id = $1 AND external_account_id = 'user_3001'`,
      [a.workspaceId],
    );
    expect(openCredentials(h.secretKey, rows[0]!.credentials)).toMatchObject({
      accessToken: expect.stringMatching(/^EwB/),
      refreshToken: expect.stringMatching(/^M\.C5/),
    });
  });
});

describe('the paste-a-token fallback asks the provider before creating anything', () => {
  const create = async (input: Record<string, unknown>) => {
    const res = await h.gql<{ createConnection: Record<string, unknown> }>(b.key, CREATE, {
      input: { sandbox: true, verify: true, ...input },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.createConnection;
  };

  it('answers an ad account that does not exist with NOT_FOUND and creates nothing', async () => {
    const before = await tableCounts(h.pool);
    const result = await create({
      provider: 'FACEBOOK_ADS',
      externalAccountId: 'act_9999',
      accessToken: 'pasted-token',
    });
    expect(result).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
      message: expect.stringMatching(/^Facebook has no account act_9999 that this token can read/),
    });
    expect(String(result.message)).not.toMatch(/fbtrace|https?:/);
    expect(await tableCounts(h.pool)).toEqual(before);
  });

  it('verifies when the caller leaves verify out: act_9999 is NOT_FOUND and nothing is created', async () => {
    const before = await tableCounts(h.pool);
    const res = await h.gql<{ createConnection: Record<string, unknown> }>(b.key, CREATE, {
      input: {
        provider: 'FACEBOOK_ADS',
        externalAccountId: 'act_9999',
        accessToken: 'pasted-token',
        sandbox: true,
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createConnection).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
      message: expect.stringMatching(/^Facebook has no account act_9999 that this token can read/),
    });
    expect(await tableCounts(h.pool)).toEqual(before);
  });

  it('skips the provider only when told to: verify: false creates act_9999 unchecked', async () => {
    const c = await h.workspace('C');
    const res = await h.gql<{ createConnection: Record<string, unknown> }>(c.key, CREATE, {
      input: {
        provider: 'FACEBOOK_ADS',
        externalAccountId: 'act_9999',
        accessToken: 'pasted-token',
        sandbox: true,
        verify: false,
      },
    });
    expect(res.data!.createConnection).toMatchObject({
      __typename: 'CreateConnectionSuccess',
      connection: { externalAccountId: 'act_9999' },
    });
  });

  it('answers a mailbox that does not exist the same way', async () => {
    const before = await tableCounts(h.pool);
    expect(
      await create({
        provider: 'MICROSOFT_MAIL',
        externalAccountId: 'user_9999',
        accessToken: 'pasted-token',
      }),
    ).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(await tableCounts(h.pool)).toEqual(before);
  });

  it('answers a token the provider refuses with a ValidationError on accessToken', async () => {
    const before = await tableCounts(h.pool);
    expect(
      await create({
        provider: 'FACEBOOK_PAGES',
        externalAccountId: 'page_2001',
        accessToken: 'expired-token',
      }),
    ).toMatchObject({ __typename: 'ValidationError', field: 'accessToken', code: 'VALIDATION' });
    expect(await tableCounts(h.pool)).toEqual(before);
  });

  it('creates the connection once the provider shows the account', async () => {
    const result = await create({
      provider: 'FACEBOOK_ADS',
      externalAccountId: 'act_1001',
      accessToken: 'pasted-token',
    });
    expect(result).toMatchObject({
      __typename: 'CreateConnectionSuccess',
      connection: { externalAccountId: 'act_1001' },
    });
    // Verified or not, an account already connected is still ALREADY_CONNECTED.
    expect(
      await create({
        provider: 'FACEBOOK_ADS',
        externalAccountId: 'act_1001',
        accessToken: 'pasted-token',
      }),
    ).toMatchObject({ __typename: 'AlreadyConnectedError', code: 'ALREADY_CONNECTED' });
  });
});
