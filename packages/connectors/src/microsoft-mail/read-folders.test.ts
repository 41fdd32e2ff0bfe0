import type { ConnectionContext, Cursor, PageResult, SourceRecord } from '@tributary/core';
import { type MailSandboxHarness, startMailboxSandbox } from '@tributary/sandbox/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { microsoftMailConnector } from './connector.ts';
import { readChunk } from './test-support/read-chunk.ts';
import { accountCreatedAt, digestOf } from './test-support/read-mailbox.ts';

const ACCOUNT = 'user_42';
const FOLDERS = { stream: 'mail_folders', kind: 'folders' };
let sandbox: MailSandboxHarness;
let context: ConnectionContext;
const signal = () => AbortSignal.timeout(5000);

beforeAll(async () => {
  ({ sandbox, context } = await startMailboxSandbox(ACCOUNT));
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.reset(11, [{ provider: 'MICROSOFT_MAIL', id: ACCOUNT, messages: 400, ageDays: 200 }]);
  sandbox.planFaults([]);
});

function readFolderPage(cursor: Cursor | null, pageSize?: number): Promise<PageResult> {
  return microsoftMailConnector.readPage({
    ...context,
    chunk: FOLDERS,
    cursor,
    pageSize,
    signal: signal(),
  });
}

/** Every page of the walk from `cursor`, each with the cursor it was read from. */
async function pagesFrom(cursor: Cursor | null, pageSize: number) {
  const pages: { from: Cursor | null; page: PageResult }[] = [];
  let at = cursor;
  for (;;) {
    const page = await readFolderPage(at, pageSize);
    pages.push({ from: at, page });
    if (!page.nextCursor) return pages;
    // What a checkpoint stores and gives back.
    at = JSON.parse(JSON.stringify(page.nextCursor)) as Cursor;
  }
}

function byName(records: SourceRecord[], name: string): SourceRecord {
  const found = records.find((r) => r.data.displayName === name);
  if (!found) throw new Error(`no folder ${name}`);
  return found;
}

describe('Microsoft mail folders at every depth', () => {
  it('names provider and childFolders endpoint when a child listing has the wrong shape', async () => {
    const top = await readFolderPage(null);
    const inboxId = byName(top.records, 'Inbox').externalId;
    const childListing = top.nextCursor!;
    expect(String(childListing.nextLink)).toMatch(/\/childFolders\?/);
    const endpoint = `/msgraph/v1.0/users/${ACCOUNT}/mailFolders/${inboxId}/childFolders`;

    // Three in a row: the page fetch retries a malformed body twice before it gives up.
    const wrongShape = { body: JSON.stringify({ value: [{ id: 'f1', displayName: 'x' }] }) };
    sandbox.planFaults([wrongShape, wrongShape, wrongShape]);
    await expect(readFolderPage(childListing)).rejects.toMatchObject({
      provider: 'MICROSOFT_MAIL',
      kind: 'malformed',
      endpoint,
      message: `MICROSOFT_MAIL ${endpoint}: missing field value.0.childFolderCount`,
    });
    sandbox.planFaults(['malformed', 'malformed', 'malformed']);
    await expect(readFolderPage(childListing)).rejects.toMatchObject({
      kind: 'malformed',
      endpoint,
      message: expect.stringMatching(/childFolders: response is not JSON/),
    });
  });

  it('fails a listing of a folder that no longer exists permanently, naming it', async () => {
    const gone = `${sandbox.baseUrl}/v1.0/users/${ACCOUNT}/mailFolders/AAMkAGgone/childFolders`;
    await expect(readFolderPage({ nextLink: gone, pending: [] })).rejects.toMatchObject({
      kind: 'permanent',
      httpStatus: 404,
      providerCode: 'ErrorItemNotFound',
      endpoint: `/msgraph/v1.0/users/${ACCOUNT}/mailFolders/AAMkAGgone/childFolders`,
    });
  });

  it('refuses a cursor with a malformed pending list before calling Graph', async () => {
    const top = await readFolderPage(null);
    const served = sandbox.requestsServed();
    for (const pending of ['inbox', [''], [3]]) {
      await expect(
        readFolderPage({ nextLink: top.nextCursor!.nextLink, pending }),
      ).rejects.toMatchObject({
        kind: 'permanent',
        message: expect.stringContaining('pending folder ids'),
      });
    }
    expect(sandbox.requestsServed()).toBe(served);
  });

  it('returns every folder at every depth, page by page, equal to the truth', async () => {
    const truth = sandbox.truth(ACCOUNT, 'mail_folders');
    expect(truth.count).toBe(12);
    for (const pageSize of [1, 3, 100]) {
      const pages = await pagesFrom(null, pageSize);
      expect(pages.every(({ page }) => page.records.length <= pageSize)).toBe(true);
      const records = pages.flatMap(({ page }) => page.records);
      expect({ count: records.length, digest: digestOf(records) }).toEqual(truth);
    }
    const records = (await pagesFrom(null, 100)).flatMap(({ page }) => page.records);
    const inbox = byName(records, 'Inbox');
    const clients = byName(records, 'Clients');
    expect(inbox.data.childFolderCount).toBe(2);
    expect(clients.data).toMatchObject({ parentFolderId: inbox.externalId, childFolderCount: 1 });
    expect(byName(records, 'Contoso').data).toMatchObject({
      parentFolderId: clients.externalId,
      childFolderCount: 0,
    });
    expect(byName(records, '2024').data.parentFolderId).toBe(byName(records, 'Archive').externalId);
  });

  it('resumes from any mid-traversal cursor to the same end', async () => {
    const pages = await pagesFrom(null, 2);
    expect(pages.some(({ from }) => Array.isArray(from?.pending) && from.pending.length > 0)).toBe(
      true,
    );
    for (let i = 1; i < pages.length; i++) {
      const resumed = await pagesFrom(pages[i]!.from, 2);
      expect(resumed.map(({ page }) => page.records)).toEqual(
        pages.slice(i).map(({ page }) => page.records),
      );
    }
  });

  it('reads a nested folder’s messages by window and by delta', async () => {
    const folders = (await pagesFrom(null, 100)).flatMap(({ page }) => page.records);
    const contoso = byName(folders, 'Contoso');
    const total = contoso.data.totalItemCount;
    expect(total).toBeGreaterThan(0);
    const createdAt = await accountCreatedAt(context);
    const windowRun = await readChunk(
      microsoftMailConnector,
      context,
      {
        stream: 'messages',
        kind: 'window',
        params: { folderId: contoso.externalId },
        windowStart: createdAt,
        windowEnd: new Date(Date.now() + 1000),
      },
      { pageSize: 3 },
    );
    expect(windowRun.records).toHaveLength(total as number);
    expect(windowRun.pages[0]?.estimatedTotal).toBe(total);
    expect(windowRun.records.every((r) => r.data.parentFolderId === contoso.externalId)).toBe(true);

    const deltaChunk = {
      stream: 'messages',
      kind: 'delta',
      params: { folderId: contoso.externalId },
    };
    const baseline = await readChunk(microsoftMailConnector, context, deltaChunk, { pageSize: 3 });
    expect(digestOf(baseline.records)).toBe(digestOf(windowRun.records));
    sandbox.mutate(ACCOUNT, { add: { count: 2, folderId: contoso.externalId } });
    const changes = await readChunk(microsoftMailConnector, context, deltaChunk, {
      cursor: baseline.streamCursor!,
    });
    expect(changes.records).toHaveLength(2);
    expect(changes.records.every((r) => r.data.parentFolderId === contoso.externalId)).toBe(true);
  });
});
