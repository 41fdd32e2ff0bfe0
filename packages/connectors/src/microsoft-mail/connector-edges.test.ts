import type { ConnectionContext } from '@tributary/core';
import { type MailSandboxHarness, startMailSandboxHarness } from '@tributary/sandbox/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { microsoftMailConnector } from './connector.ts';

let sandbox: MailSandboxHarness;
let context: ConnectionContext;
const signal = () => AbortSignal.timeout(5000);

beforeAll(async () => {
  sandbox = await startMailSandboxHarness();
  context = {
    provider: 'MICROSOFT_MAIL',
    accountId: 'user_3001',
    baseUrl: sandbox.baseUrl,
    allowedOrigins: [new URL(sandbox.baseUrl).origin],
    credentials: { accessToken: 'at-1', refreshToken: 'rt-1' },
  };
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.reset(5);
  sandbox.planFaults([]);
});

const folderChunk = { stream: 'mail_folders', kind: 'folders' };

describe('Microsoft mail connector edges', () => {
  it('names provider, endpoint and the problem when a body is not JSON', async () => {
    // Three in a row: the page fetch retries a malformed body twice before it gives up.
    sandbox.planFaults(['malformed', 'malformed', 'malformed']);
    await expect(
      microsoftMailConnector.readPage({
        ...context,
        chunk: folderChunk,
        cursor: null,
        signal: signal(),
      }),
    ).rejects.toMatchObject({
      kind: 'malformed',
      provider: 'MICROSOFT_MAIL',
      endpoint: '/msgraph/v1.0/users/user_3001/mailFolders',
      message: expect.stringMatching(/MICROSOFT_MAIL .*mailFolders: response is not JSON/),
    });
  });

  it('names the missing field when a page has the wrong shape', async () => {
    const wrongShape = { body: JSON.stringify({ value: [{ id: 'm1', subject: 'x' }] }) };
    sandbox.planFaults([wrongShape, wrongShape, wrongShape]);
    const chunk = {
      stream: 'messages',
      kind: 'window',
      params: { folderId: 'inbox' },
      windowStart: new Date(Date.now() - 86_400_000),
      windowEnd: new Date(),
    };
    await expect(
      microsoftMailConnector.readPage({ ...context, chunk, cursor: null, signal: signal() }),
    ).rejects.toMatchObject({
      kind: 'malformed',
      message: expect.stringContaining('messages: missing field value.0.receivedDateTime'),
    });
    const empty = { body: JSON.stringify({ value: [] }) };
    sandbox.planFaults([empty, empty, empty]);
    await expect(
      microsoftMailConnector.readPage({
        ...context,
        chunk: { stream: 'messages', kind: 'delta', params: { folderId: 'inbox' } },
        cursor: null,
        signal: signal(),
      }),
    ).rejects.toMatchObject({
      kind: 'malformed',
      message: expect.stringContaining('neither @odata.nextLink nor @odata.deltaLink'),
    });
  });

  it('surfaces an expired token as auth_expired', async () => {
    sandbox.planFaults(['token_expired']);
    await expect(
      microsoftMailConnector.readPage({
        ...context,
        chunk: folderChunk,
        cursor: null,
        signal: signal(),
      }),
    ).rejects.toMatchObject({
      kind: 'auth_expired',
      httpStatus: 401,
      providerCode: 'InvalidAuthenticationToken',
    });
  });

  it('refuses unknown chunk kinds and cursors', async () => {
    await expect(
      microsoftMailConnector.readPage({
        ...context,
        chunk: { stream: 'messages', kind: 'all' },
        cursor: null,
        signal: signal(),
      }),
    ).rejects.toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('no chunk kind messages/all'),
    });
    await expect(
      microsoftMailConnector.readPage({
        ...context,
        chunk: folderChunk,
        cursor: { page: 2 },
        signal: signal(),
      }),
    ).rejects.toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('needs nextLink and a list of pending folder ids'),
    });
  });

  it('follows a stored nextLink on whatever host the connection names', async () => {
    const first = await microsoftMailConnector.readPage({
      ...context,
      chunk: folderChunk,
      cursor: null,
      pageSize: 3,
      signal: signal(),
    });
    const stale = {
      nextLink: String(first.nextCursor?.nextLink).replace(
        /^http:\/\/[^/]+/,
        'https://evil.example',
      ),
    };
    const second = await microsoftMailConnector.readPage({
      ...context,
      chunk: folderChunk,
      cursor: stale,
      pageSize: 3,
      signal: signal(),
    });
    expect(second.records.map((r) => r.data.displayName)).toEqual([
      'Projects',
      'Receipts',
      'Deleted Items',
    ]);
  });

  it('describes the mailbox: name, history start and time zone', async () => {
    const account = await microsoftMailConnector.describeAccount({ ...context, signal: signal() });
    expect(account.name).toBe('Mailbox user_3001');
    expect(account.timezone).toBe('UTC');
    const ageDays = (Date.now() - account.createdAt.getTime()) / 86_400_000;
    expect(ageDays).toBeGreaterThan(729);
    expect(ageDays).toBeLessThan(731);
  });

  it('refreshes credentials at the token endpoint', async () => {
    const credentials = await microsoftMailConnector.refresh!({ ...context, signal: signal() });
    expect(credentials.accessToken).not.toBe('at-1');
    expect(credentials.refreshToken).toEqual(expect.any(String));
    expect(Date.parse(credentials.expiresAt!)).toBeGreaterThan(Date.now() + 3_000_000);
    await expect(
      microsoftMailConnector.refresh!({
        ...context,
        credentials: { accessToken: 'at-1' },
        signal: signal(),
      }),
    ).rejects.toMatchObject({ kind: 'auth_expired' });
  });
});
