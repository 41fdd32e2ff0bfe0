import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: 1 });
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
});
