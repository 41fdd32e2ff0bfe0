import type { ConnectionContext } from '@tributary/core';
import { type SandboxServer, sandboxAdmin, startSandboxServer } from '@tributary/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { microsoftMailConnector } from './connector.ts';
import { readChunk } from './test-support/read-chunk.ts';
import { accountCreatedAt, digestOf, readWholeMailbox } from './test-support/read-mailbox.ts';

const ACCOUNT = 'user_42';
let server: SandboxServer;
let admin: ReturnType<typeof sandboxAdmin>;
let context: ConnectionContext;

beforeAll(async () => {
  server = await startSandboxServer({ port: 0 });
  admin = sandboxAdmin(server.url);
  context = {
    provider: 'MICROSOFT_MAIL',
    accountId: ACCOUNT,
    baseUrl: server.providers.MICROSOFT_MAIL,
    allowedOrigins: [new URL(server.providers.MICROSOFT_MAIL).origin],
    credentials: { accessToken: 'token-42' },
  };
});
afterAll(() => server.close());
beforeEach(async () => {
  await admin.reset({
    seed: 21,
    accounts: [{ provider: 'MICROSOFT_MAIL', id: ACCOUNT, messages: 300, ageDays: 200 }],
  });
});

describe('Microsoft mail through the sandbox server', () => {
  it('answers bad admin input with a 400 naming the field, changing nothing', async () => {
    const before = await admin.truth('MICROSOFT_MAIL', ACCOUNT, 'messages');
    await expect(
      admin.mutate({
        provider: 'MICROSOFT_MAIL',
        accountId: ACCOUNT,
        add: 1,
        remove: ['nope'],
      }),
    ).rejects.toThrow(/400.*"field":"ids"/);
    await expect(admin.truth('MICROSOFT_MAIL', ACCOUNT, 'threads')).rejects.toThrow(/400.*stream/);
    expect(await admin.truth('MICROSOFT_MAIL', ACCOUNT, 'messages')).toEqual(before);
  });

  it('reads the mailbox to its truth under latency, 5xx, throttling, resets and malformed bodies', async () => {
    const createdAt = await accountCreatedAt(context);
    await admin.setFaults({
      seed: 3,
      providers: {
        MICROSOFT_MAIL: {
          latencyMs: 5,
          errorRate: 0.1,
          malformedRate: 0.05,
          resetRate: 0.05,
          rateLimit: { requests: 20, windowMs: 1000 },
        },
      },
    });
    const read = await readWholeMailbox(context, 25, createdAt);
    await admin.clearFaults();
    const ids = read.messages.map((m) => m.externalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect({ count: read.messages.length, digest: digestOf(read.messages) }).toEqual(
      await admin.truth('MICROSOFT_MAIL', ACCOUNT, 'messages'),
    );
    expect({ count: read.folders.length, digest: digestOf(read.folders) }).toEqual(
      await admin.truth('MICROSOFT_MAIL', ACCOUNT, 'mail_folders'),
    );
    const throttles = read.runs
      .flatMap((r) => r.recovered)
      .filter((r) => r.kind === 'rate_limited');
    expect(throttles.length).toBeGreaterThan(0);
    expect(throttles.every((t) => t.retryAfterMs !== undefined && t.retryAfterMs >= 1000)).toBe(
      true,
    );
    const stats = await admin.stats();
    expect(stats.throttled).toBeGreaterThan(0);
    expect(stats.failed).toBeGreaterThan(0);
  });

  it('answers more than 4 concurrent requests per mailbox with 429 and Retry-After', async () => {
    const chunk = { stream: 'mail_folders', kind: 'folders' };
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        microsoftMailConnector.readPage({
          ...context,
          chunk,
          cursor: null,
          signal: AbortSignal.timeout(5000),
        }),
      ),
    );
    await admin.setFaults({ providers: { MICROSOFT_MAIL: { latencyMs: 50 } } });
    const slow = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        microsoftMailConnector.readPage({
          ...context,
          chunk,
          cursor: null,
          signal: AbortSignal.timeout(5000),
        }),
      ),
    );
    const rejected = [...results, ...slow].flatMap((r) =>
      r.status === 'rejected' ? [r.reason] : [],
    );
    expect(rejected.length).toBeGreaterThan(0);
    for (const reason of rejected) {
      expect(reason).toMatchObject({ kind: 'rate_limited', httpStatus: 429, retryAfterMs: 1000 });
    }
  });

  it('delta: an initial round, then exactly the mutated messages', async () => {
    const folders = (
      await readChunk(microsoftMailConnector, context, { stream: 'mail_folders', kind: 'folders' })
    ).records;
    const cursors = new Map<string, Record<string, unknown>>();
    for (const folder of folders) {
      const run = await readChunk(microsoftMailConnector, context, {
        stream: 'messages',
        kind: 'delta',
        params: { folderId: folder.externalId },
      });
      cursors.set(folder.externalId, run.streamCursor!);
    }
    expect(
      await admin.mutate({
        provider: 'MICROSOFT_MAIL',
        accountId: ACCOUNT,
        add: 5,
        update: 3,
        remove: 2,
      }),
    ).toEqual({ added: 5, updated: 3, removed: 2, removedFolders: 0 });
    let changes = 0;
    let deleted = 0;
    for (const folder of folders) {
      const run = await readChunk(
        microsoftMailConnector,
        context,
        { stream: 'messages', kind: 'delta', params: { folderId: folder.externalId } },
        { cursor: cursors.get(folder.externalId)! },
      );
      changes += run.records.length;
      deleted += run.records.filter((r) => r.deleted).length;
    }
    expect([changes, deleted]).toEqual([10, 2]);
  });
});

// Outlook allows 4 concurrent requests per mailbox; a fifth is answered 429 ApplicationThrottled
// "Application is over its MailboxConcurrency limit." with Retry-After:
// https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits
describe('Microsoft mail concurrency limit through the sandbox server', () => {
  it('reports the MailboxConcurrency 429 as rate_limited with its Retry-After', async () => {
    await admin.setFaults({ providers: { MICROSOFT_MAIL: { latencyMs: 300 } } });
    const reads = Array.from({ length: 6 }, () =>
      microsoftMailConnector
        .readPage({
          ...context,
          chunk: { stream: 'mail_folders', kind: 'folders' },
          cursor: null,
          signal: AbortSignal.timeout(10_000),
        })
        .then(
          () => null,
          (error: unknown) => error,
        ),
    );
    const errors = (await Promise.all(reads)).filter((e) => e !== null);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error).toMatchObject({
        kind: 'rate_limited',
        httpStatus: 429,
        providerCode: 'ApplicationThrottled',
        retryAfterMs: 1000,
      });
      expect(String((error as Error).message)).toContain('MailboxConcurrency');
    }
  });
});
