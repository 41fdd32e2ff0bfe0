import type { ConnectionContext } from '@tributary/core';
import { type MailSandboxHarness, startMailboxSandbox } from '@tributary/sandbox/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { microsoftMailConnector } from './connector.ts';
import { readChunk } from './test-support/read-chunk.ts';
import { accountCreatedAt, digestOf, readWholeMailbox } from './test-support/read-mailbox.ts';

const ACCOUNT = 'user_42';
let sandbox: MailSandboxHarness;
let context: ConnectionContext;

beforeAll(async () => {
  ({ sandbox, context } = await startMailboxSandbox(ACCOUNT));
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.reset(7, [{ provider: 'MICROSOFT_MAIL', id: ACCOUNT, messages: 300, ageDays: 200 }]);
  sandbox.planFaults([]);
});

describe('Microsoft mail windowed read', () => {
  it('rejects a chunk without a folder before calling Graph', async () => {
    const served = sandbox.requestsServed();
    await expect(
      microsoftMailConnector.readPage({
        ...context,
        chunk: {
          stream: 'messages',
          kind: 'window',
          windowStart: new Date(0),
          windowEnd: new Date(),
        },
        cursor: null,
        signal: AbortSignal.timeout(5000),
      }),
    ).rejects.toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('params.folderId'),
    });
    expect(sandbox.requestsServed()).toBe(served);
  });

  it('reads every folder and message exactly once, matching the sandbox truth', async () => {
    const read = await readWholeMailbox(context, 20, await accountCreatedAt(context));
    const ids = read.messages.map((m) => m.externalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect({ count: read.folders.length, digest: digestOf(read.folders) }).toEqual(
      sandbox.truth(ACCOUNT, 'mail_folders'),
    );
    expect({ count: read.messages.length, digest: digestOf(read.messages) }).toEqual(
      sandbox.truth(ACCOUNT, 'messages'),
    );
    expect(read.messages.length).toBe(300);
  });

  // `$count=true` on messages needs no ConsistencyLevel header (the connector sends none):
  // https://learn.microsoft.com/graph/query-parameters#count-parameter
  it('reports the window size from $count on the first page and estimate() agrees', async () => {
    const inbox = (
      await readChunk(microsoftMailConnector, context, { stream: 'mail_folders', kind: 'folders' })
    ).records.find((f) => f.data.displayName === 'Inbox')!;
    const chunk = {
      stream: 'messages',
      kind: 'window',
      params: { folderId: inbox.externalId },
      windowStart: new Date(Date.now() - 200 * 86_400_000),
      windowEnd: new Date(Date.now() + 1000),
    };
    const run = await readChunk(microsoftMailConnector, context, chunk, { pageSize: 25 });
    expect(run.pages[0]?.estimatedTotal).toBe(run.records.length);
    expect(
      await microsoftMailConnector.estimate!({
        ...context,
        chunk,
        signal: AbortSignal.timeout(5000),
      }),
    ).toBe(run.records.length);
    expect(run.pages[0]?.itemLabel).toBe(run.pages[0]?.records.at(-1)?.data.subject);
    expect(
      run.pages.every((p) => p.requests === 1 && p.usage[0]?.key === `MICROSOFT_MAIL:${ACCOUNT}`),
    ).toBe(true);
  });

  it('survives latency, 5xx, 429, resets and malformed bodies by re-reading the same cursor', async () => {
    // Throttles cost a real second each (Graph's Retry-After is whole seconds): three of them.
    const mix = [
      { latencyMs: 30 },
      'server_error',
      null,
      'reset',
      null,
      'malformed',
      null,
      'throttled',
    ] as const;
    const plan = Array.from({ length: 90 }, (_, i) => mix[i % mix.length]!).map((f, i) =>
      f === 'throttled' && i > 24 ? null : f,
    );
    const createdAt = await accountCreatedAt(context);
    sandbox.planFaults([...plan]);
    const read = await readWholeMailbox(context, 20, createdAt);
    expect({ count: read.messages.length, digest: digestOf(read.messages) }).toEqual(
      sandbox.truth(ACCOUNT, 'messages'),
    );
    expect({ count: read.folders.length, digest: digestOf(read.folders) }).toEqual(
      sandbox.truth(ACCOUNT, 'mail_folders'),
    );
    const recovered = read.runs.flatMap((r) => r.recovered);
    expect(
      recovered.filter((r) => r.kind === 'rate_limited').every((r) => r.retryAfterMs === 1000),
    ).toBe(true);
    expect(recovered.filter((r) => r.kind === 'rate_limited')).toHaveLength(3);
    // 5xx, resets and malformed bodies are retried inside the page fetch; the page reports
    // what it cost.
    expect(read.runs.flatMap((r) => r.pages).some((p) => p.requests > 1)).toBe(true);
  });
});

// Outlook lists page by $skip, so mail deleted between two pages shifts the rest and a read
// following @odata.nextLink skips messages (https://learn.microsoft.com/graph/api/user-list-messages).
describe('Microsoft mail windowed read while mail is deleted between pages', () => {
  it('still reads every message that is in the window, seeking by receivedDateTime', async () => {
    sandbox.setFaults({ listChurn: 2 });
    const chunk = {
      stream: 'messages',
      kind: 'window',
      params: { folderId: 'inbox' },
      windowStart: new Date(Date.now() - 200 * 86_400_000),
      windowEnd: new Date(),
    };
    const run = await readChunk(microsoftMailConnector, context, chunk, { pageSize: 10 });
    sandbox.setFaults({});
    const read = new Set(run.records.map((r) => r.externalId));
    expect(read.size).toBe(run.records.length);
    expect(run.pages.length).toBeGreaterThan(3);
    // Everything the folder holds now was read (nothing skipped), each once.
    const live = await readChunk(microsoftMailConnector, context, chunk, { pageSize: 1000 });
    expect(live.records.length).toBeGreaterThan(30);
    expect(live.records.filter((r) => !read.has(r.externalId))).toEqual([]);
  });
});
