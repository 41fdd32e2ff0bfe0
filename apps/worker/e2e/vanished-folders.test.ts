import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, SMALL_ACCOUNTS, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    workers: 1,
    accounts: [
      ...SMALL_ACCOUNTS,
      { provider: 'MICROSOFT_MAIL', id: 'user_43', messages: 400, ageDays: 300 },
    ],
  });
});
afterAll(async () => {
  await h?.stop();
});

async function folderId(connectionId: string, name: string): Promise<string> {
  const { rows } = await h.pool.query<{ external_id: string }>(
    `SELECT external_id FROM records
      WHERE connection_id = $1 AND stream = 'mail_folders' AND data->>'displayName' = $2`,
    [connectionId, name],
  );
  return rows[0]!.external_id;
}

describe('a mail folder deleted at the provider', () => {
  it('is marked deleted with its subfolders and messages; the incremental still succeeds', async () => {
    const connectionId = await h.connect(
      'MICROSOFT_MAIL',
      'user_42',
      undefined,
      await h.newWorkspace('mail'),
    );
    await h.sync(connectionId, 'INITIAL');
    await h.settled(connectionId);
    const clients = await folderId(connectionId, 'Clients');
    const contoso = await folderId(connectionId, 'Contoso');

    await h.admin.mutate({
      provider: 'MICROSOFT_MAIL',
      accountId: 'user_42',
      removeFolders: [clients],
    });
    const jobId = await h.sync(connectionId, 'INCREMENTAL');
    await h.settled(connectionId);

    const job = (await h.pool.query('SELECT status, deleted FROM sync_jobs WHERE id = $1', [jobId]))
      .rows[0];
    // Without this, the folders' delta chunks failed with 404 on every incremental, for good.
    expect(job.status).toBe('SUCCEEDED');
    expect((await h.expectTruth(connectionId)).mismatches).toEqual([]);
    const gone = await h.pool.query<{ external_id: string }>(
      `SELECT external_id FROM records WHERE connection_id = $1 AND stream = 'mail_folders'
          AND deleted_at IS NOT NULL ORDER BY external_id`,
      [connectionId],
    );
    expect(gone.rows.map((r) => r.external_id)).toEqual([clients, contoso].sort());
    const droppedMessages = await h.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM records WHERE connection_id = $1 AND stream = 'messages'
          AND deleted_at IS NOT NULL AND data->>'parentFolderId' IN ($2, $3)`,
      [connectionId, clients, contoso],
    );
    expect(droppedMessages.rows[0]!.n).toBeGreaterThan(0);
    expect(job.deleted).toBe(2 + droppedMessages.rows[0]!.n);
  });

  it('a folder deleted after an earlier deletion was handled is dropped too, the earlier one not again', async () => {
    // Planning scans only folders deleted since the last successful sync started (the folders'
    // watermark): the one the previous incremental handled is before it, the new one after.
    const connectionId = await h.connect(
      'MICROSOFT_MAIL',
      'user_43',
      undefined,
      await h.newWorkspace('mail-twice'),
    );
    await h.sync(connectionId, 'INITIAL');
    await h.settled(connectionId);
    const receipts = await folderId(connectionId, 'Receipts');
    const projects = await folderId(connectionId, 'Projects');
    const liveIn = async (folder: string) =>
      (
        await h.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM records WHERE connection_id = $1 AND stream = 'messages'
              AND deleted_at IS NULL AND data->>'parentFolderId' = $2`,
          [connectionId, folder],
        )
      ).rows[0]!.n;
    const inProjects = await liveIn(projects);
    expect(inProjects).toBeGreaterThan(0);

    await h.admin.mutate({
      provider: 'MICROSOFT_MAIL',
      accountId: 'user_43',
      removeFolders: [receipts],
    });
    await h.sync(connectionId, 'INCREMENTAL');
    await h.settled(connectionId);
    expect(await liveIn(receipts)).toBe(0);

    await h.admin.mutate({
      provider: 'MICROSOFT_MAIL',
      accountId: 'user_43',
      removeFolders: [projects],
    });
    const second = await h.sync(connectionId, 'INCREMENTAL');
    await h.settled(connectionId);
    const job = (
      await h.pool.query('SELECT status, deleted FROM sync_jobs WHERE id = $1', [second])
    ).rows[0];
    expect(job.status).toBe('SUCCEEDED');
    expect(await liveIn(projects)).toBe(0);
    // The folder and its messages; Receipts' messages, already gone, are not counted again.
    expect(job.deleted).toBe(1 + inProjects);
    expect((await h.expectTruth(connectionId)).mismatches).toEqual([]);
  });
});
