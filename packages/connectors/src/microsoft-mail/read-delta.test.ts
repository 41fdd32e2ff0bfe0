import {
  type ConnectionContext,
  type Cursor,
  ProviderError,
  type SourceRecord,
} from '@tributary/core';
import { type MailSandboxHarness, startMailboxSandbox } from '@tributary/sandbox/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { microsoftMailConnector } from './connector.ts';
import { readChunk } from './test-support/read-chunk.ts';
import { digestOf } from './test-support/read-mailbox.ts';

const ACCOUNT = 'user_42';
let sandbox: MailSandboxHarness;
let context: ConnectionContext;

beforeAll(async () => {
  ({ sandbox, context } = await startMailboxSandbox(ACCOUNT));
});
afterAll(() => sandbox.close());

function reset(extra: Record<string, unknown> = {}) {
  sandbox.reset(11, [
    { provider: 'MICROSOFT_MAIL', id: ACCOUNT, messages: 300, ageDays: 200, ...extra },
  ]);
}

async function folderIds(): Promise<string[]> {
  const run = await readChunk(microsoftMailConnector, context, {
    stream: 'mail_folders',
    kind: 'folders',
  });
  return run.records.map((r) => r.externalId);
}

/** One delta round per folder, from `cursors` (a folder's deltaLink) or from scratch. */
async function deltaRound(folders: string[], cursors: Map<string, Cursor> = new Map()) {
  const records: SourceRecord[] = [];
  const next = new Map<string, Cursor>();
  for (const folderId of folders) {
    const run = await readChunk(
      microsoftMailConnector,
      context,
      { stream: 'messages', kind: 'delta', params: { folderId } },
      { pageSize: 25, cursor: cursors.get(folderId) ?? null },
    );
    expect(run.pages.at(-1)?.nextCursor).toBeNull();
    expect(run.streamCursor?.deltaLink).toEqual(expect.any(String));
    expect(run.pages.slice(0, -1).every((p) => p.streamCursor === undefined)).toBe(true);
    records.push(...run.records);
    next.set(folderId, run.streamCursor!);
  }
  return { records, cursors: next };
}

describe('Microsoft mail delta', () => {
  beforeEach(() => reset());

  it('starts with every live message, then returns exactly the changes since', async () => {
    const folders = await folderIds();
    const initial = await deltaRound(folders);
    expect({ count: initial.records.length, digest: digestOf(initial.records) }).toEqual(
      sandbox.truth(ACCOUNT, 'messages'),
    );

    const before = new Map(initial.records.map((r) => [r.externalId, r]));
    expect(sandbox.mutate(ACCOUNT, { add: 5, update: 3, remove: 2 })).toEqual({
      added: 5,
      updated: 3,
      removed: 2,
      removedFolders: 0,
    });
    const changes = await deltaRound(folders, initial.cursors);

    expect(changes.records).toHaveLength(10);
    const removed = changes.records.filter((r) => r.deleted);
    const added = changes.records.filter((r) => !r.deleted && !before.has(r.externalId));
    const updated = changes.records.filter((r) => !r.deleted && before.has(r.externalId));
    expect([added.length, updated.length, removed.length]).toEqual([5, 3, 2]);
    expect(removed.every((r) => before.has(r.externalId))).toBe(true);
    for (const r of updated) {
      expect(r.data.isRead).toBe(!before.get(r.externalId)!.data.isRead);
    }
    // Applying the changes to what the first round stored gives the mailbox as it is now.
    for (const r of changes.records) {
      if (r.deleted) before.delete(r.externalId);
      else before.set(r.externalId, r);
    }
    expect({ count: before.size, digest: digestOf([...before.values()]) }).toEqual(
      sandbox.truth(ACCOUNT, 'messages'),
    );

    // Nothing changed since: the next round is empty and hands out a fresh deltaLink.
    const quiet = await deltaRound(folders, changes.cursors);
    expect(quiet.records).toHaveLength(0);
  });

  it('limits a round to mail received since params.receivedSince', async () => {
    const [inbox] = await folderIds();
    const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const run = await readChunk(microsoftMailConnector, context, {
      stream: 'messages',
      kind: 'delta',
      params: { folderId: inbox, receivedSince: since },
    });
    expect(run.records.length).toBeGreaterThan(0);
    expect(run.records.every((r) => String(r.data.receivedDateTime) >= since.slice(0, 19))).toBe(
      true,
    );
    const estimate = await microsoftMailConnector.estimate!({
      ...context,
      chunk: {
        stream: 'messages',
        kind: 'delta',
        params: { folderId: inbox, receivedSince: since },
      },
      signal: AbortSignal.timeout(5000),
    });
    expect(estimate).toBe(run.records.length);
  });

  it('reports an expired delta token as the permanent SyncStateNotFound error', async () => {
    reset({ deltaTokenMaxAgeSec: 0 });
    const [inbox] = await folderIds();
    const { cursors } = await deltaRound([inbox!]);
    const error = await readChunk(
      microsoftMailConnector,
      context,
      { stream: 'messages', kind: 'delta', params: { folderId: inbox } },
      { cursor: cursors.get(inbox!)! },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      provider: 'MICROSOFT_MAIL',
      kind: 'permanent',
      httpStatus: 410,
      providerCode: 'SyncStateNotFound',
      code: 'MICROSOFT_MAIL:permanent:SyncStateNotFound',
    });
  });

  it('treats a delta token from before a reseed as unknown sync state', async () => {
    const [inbox] = await folderIds();
    const { cursors } = await deltaRound([inbox!]);
    reset();
    await expect(
      readChunk(
        microsoftMailConnector,
        context,
        { stream: 'messages', kind: 'delta', params: { folderId: inbox } },
        { cursor: cursors.get(inbox!)! },
      ),
    ).rejects.toMatchObject({ providerCode: 'SyncStateNotFound', httpStatus: 410 });
  });
});

// The initial read is one delta round per folder, newest first ($orderby=receivedDateTime desc:
// https://learn.microsoft.com/graph/delta-query-messages), which RECENT stops at 90 days and
// HISTORICAL continues: every message read once, and the round still ends with a deltaLink.
describe('Microsoft mail delta split between RECENT and HISTORICAL', () => {
  beforeEach(() => reset());

  it('rejects a stopBefore that is not a date before any request', async () => {
    const served = sandbox.requestsServed();
    await expect(
      readChunk(microsoftMailConnector, context, {
        stream: 'messages',
        kind: 'delta',
        params: { folderId: 'inbox', stopBefore: 'last spring' },
      }),
    ).rejects.toThrow(/params.stopBefore must be an ISO date/);
    expect(sandbox.requestsServed()).toBe(served);
  });

  it('stops after the page reaching older mail, and the rest of the round reads the remainder', async () => {
    const folders = await folderIds();
    const stopBefore = new Date(Date.now() - 60 * 86_400_000);
    const records: SourceRecord[] = [];
    let requests = 0;
    let messages = 0;
    for (const folderId of folders) {
      const recent = await readChunk(
        microsoftMailConnector,
        context,
        {
          stream: 'messages',
          kind: 'delta',
          params: { folderId, stopBefore: stopBefore.toISOString() },
        },
        { pageSize: 20 },
      );
      const received = recent.records.map((r) => Date.parse(String(r.data.receivedDateTime)));
      // Newest first, so everything up to the crossing page is recent.
      expect(received).toEqual(received.toSorted((a, b) => b - a));
      const cursor = recent.streamCursor!;
      records.push(...recent.records);
      requests += recent.pages.length;
      if (typeof cursor.deltaLink === 'string') continue;
      const handed = cursor.historyFrom as { nextLink: string };
      expect(handed.nextLink).toEqual(expect.any(String));
      expect(received.slice(0, -20).every((t) => t >= stopBefore.getTime())).toBe(true);
      const history = await readChunk(
        microsoftMailConnector,
        context,
        { stream: 'messages', kind: 'delta', params: { folderId } },
        { pageSize: 20, cursor: handed },
      );
      expect(history.streamCursor?.deltaLink).toEqual(expect.any(String));
      records.push(...history.records);
      requests += history.pages.length;
      messages += history.records.length;
    }
    expect(messages).toBeGreaterThan(0);
    const ids = records.map((r) => r.externalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect({ count: records.length, digest: digestOf(records) }).toEqual(
      sandbox.truth(ACCOUNT, 'messages'),
    );
    // One request per page of 20 in each folder: the split costs nothing.
    const perFolder = await Promise.all(
      folders.map(async (folderId) => {
        const run = await readChunk(
          microsoftMailConnector,
          context,
          {
            stream: 'messages',
            kind: 'delta',
            params: { folderId },
          },
          { pageSize: 20 },
        );
        return run.pages.length;
      }),
    );
    expect(requests).toBe(perFolder.reduce((a, b) => a + b, 0));
  });
});
