import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: 1 });
});
afterAll(async () => {
  await h?.stop();
});

async function initial(
  provider: 'FACEBOOK_ADS' | 'FACEBOOK_PAGES' | 'MICROSOFT_MAIL',
  accountId: string,
) {
  const connectionId = await h.connect(
    provider,
    accountId,
    undefined,
    await h.newWorkspace(provider),
  );
  await h.sync(connectionId, 'INITIAL');
  const jobs = await h.settled(connectionId);
  expect(jobs.map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  return connectionId;
}

async function incremental(connectionId: string) {
  await h.admin.resetStats();
  const jobId = await h.sync(connectionId, 'INCREMENTAL');
  await h.settled(connectionId);
  const job = (await h.pool.query('SELECT * FROM sync_jobs WHERE id = $1', [jobId])).rows[0];
  const chunks = (
    await h.pool.query(
      'SELECT stream, kind, items_processed, inserted, updated, deleted, pages_fetched FROM sync_chunks WHERE job_id = $1 ORDER BY index',
      [jobId],
    )
  ).rows;
  return { job, chunks, stats: await h.admin.stats() };
}

describe('INCREMENTAL', () => {
  it('Facebook Ads: reads only changed structure and re-reads 28 days of insights', async () => {
    const id = await initial('FACEBOOK_ADS', 'act_42');
    await h.admin.mutate({
      provider: 'FACEBOOK_ADS',
      accountId: 'act_42',
      add: { campaigns: 2, ads: 1 },
      update: { campaigns: 3 },
    });
    const { job, chunks } = await incremental(id);
    expect(job.status).toBe('SUCCEEDED');
    const campaigns = chunks.find((c) => c.stream === 'campaigns');
    expect(campaigns).toMatchObject({ items_processed: 5, inserted: 2, updated: 3 });
    expect(chunks.find((c) => c.stream === 'adsets')).toMatchObject({ items_processed: 0 });
    expect(chunks.find((c) => c.stream === 'ads')).toMatchObject({
      items_processed: 1,
      inserted: 1,
    });
    expect((await h.expectTruth(id)).mismatches).toEqual([]);
  });

  it('Microsoft mail: follows delta links, applying adds, updates and removals exactly', async () => {
    const id = await initial('MICROSOFT_MAIL', 'user_42');
    await h.admin.mutate({
      provider: 'MICROSOFT_MAIL',
      accountId: 'user_42',
      add: 5,
      update: 3,
      remove: 2,
    });
    const { job, chunks } = await incremental(id);
    expect(job.status).toBe('SUCCEEDED');
    const deltas = chunks.filter((c) => c.kind === 'delta');
    expect(deltas.length).toBeGreaterThan(0);
    const sum = (key: string) => deltas.reduce((total, c) => total + c[key], 0);
    expect({ inserted: sum('inserted'), updated: sum('updated'), deleted: sum('deleted') }).toEqual(
      {
        inserted: 5,
        updated: 3,
        deleted: 2,
      },
    );
    expect((await h.expectTruth(id)).mismatches).toEqual([]);
  });

  it('Messenger: stops at the stored cursor and reads only changed conversations', async () => {
    const id = await initial('FACEBOOK_PAGES', 'page_42');
    await h.admin.mutate({
      provider: 'FACEBOOK_PAGES',
      accountId: 'page_42',
      add: { conversations: 2, messages: 3 },
    });
    const { job, chunks } = await incremental(id);
    expect(job.status).toBe('SUCCEEDED');
    const conversations = chunks.find((c) => c.stream === 'conversations');
    // One page: the 5 changed conversations come first and paging stops at the cursor.
    expect(conversations.pages_fetched).toBe(1);
    const truth = await h.admin.truth('FACEBOOK_PAGES', 'page_42', 'conversations');
    expect(await h.stored(id, 'conversations')).toEqual(truth);
    // Messages: the truth is each conversation's 25 newest; a message pushed out of those 25 by
    // a new one still exists at the provider and stays stored. Everything in the truth is stored.
    const { rows } = await h.pool.query(
      `SELECT coalesce(sum(greatest(n - 25, 0)), 0)::int AS pushed FROM (
         SELECT count(*) AS n FROM records WHERE connection_id = $1 AND stream = 'interaction_events'
          GROUP BY data->>'conversation_id') t`,
      [id],
    );
    const messages = await h.admin.truth('FACEBOOK_PAGES', 'page_42', 'messages');
    expect((await h.stored(id, 'messages')).count).toBe(messages.count + rows[0].pushed);
  });

  it('with no changes makes the minimum requests', async () => {
    const ads = await initial('FACEBOOK_ADS', 'act_42');
    const mail = await initial('MICROSOFT_MAIL', 'user_42');
    const pages = await initial('FACEBOOK_PAGES', 'page_42');
    for (const id of [ads, mail, pages]) {
      const { job, chunks, stats } = await incremental(id);
      expect(job).toMatchObject({ status: 'SUCCEEDED', inserted: 0, updated: 0, deleted: 0 });
      // Exactly one request per chunk page: nothing re-fetched, nothing paged past the cursors.
      const pages = chunks.reduce((sum, c) => sum + c.pages_fetched, 0);
      expect(stats.requests).toBe(pages);
      // The mail folder walk is one page per listing: top level, Inbox, Inbox/Clients, Archive.
      expect(chunks.every((c) => c.pages_fetched === (c.stream === 'mail_folders' ? 4 : 1))).toBe(
        true,
      );
    }
  });
});
