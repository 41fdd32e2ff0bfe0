import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEDULES } from '../src/schedules.ts';
import { type Harness, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: 1 });
});
afterAll(async () => {
  await h?.stop();
});

/** Sends the tick pg-boss cron would send at the next minute, and waits for it to be handled. */
async function tick(name: keyof typeof SCHEDULES) {
  const id = await h.queue.boss.send(name, {});
  for (;;) {
    const job = await h.queue.boss.getJobById(name, id!);
    if (job?.state === 'completed') return;
    if (job?.state === 'failed') throw new Error(`${name} failed: ${JSON.stringify(job.output)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('pg-boss cron: schedules and retention', () => {
  it('registers the minute tick and the hourly retention with pg-boss', async () => {
    const schedules = await h.queue.boss.getSchedules();
    expect(schedules.map((s) => [s.name, s.cron]).sort()).toEqual(Object.entries(SCHEDULES).sort());
  });

  it('the tick starts an INCREMENTAL for due connections only, once, and sets the next time', async () => {
    const workspace = await h.newWorkspace('scheduled');
    const due = await h.connect('FACEBOOK_PAGES', 'page_42', undefined, workspace);
    const notDue = await h.connect('FACEBOOK_ADS', 'act_42', undefined, workspace);
    const disabled = await h.connect('MICROSOFT_MAIL', 'user_42', undefined, workspace);
    await h.pool.query(
      `UPDATE connections SET schedule_minutes = 15,
              next_sync_at = CASE WHEN id = $2 THEN now() + interval '1 hour' ELSE now() - interval '1 minute' END,
              status = CASE WHEN id = $3 THEN 'DISABLED'::"ConnectionStatus" ELSE status END
        WHERE id IN ($1, $2, $3)`,
      [due, notDue, disabled],
    );

    await tick('sync-schedule');
    await tick('sync-schedule');

    const { rows } = await h.pool.query<{ connection_id: string; mode: string }>(
      'SELECT connection_id, mode FROM sync_jobs WHERE connection_id IN ($1, $2, $3)',
      [due, notDue, disabled],
    );
    expect(rows).toEqual([{ connection_id: due, mode: 'INCREMENTAL' }]);
    const next = await h.pool.query<{ minutes: number }>(
      `SELECT round(extract(epoch from next_sync_at - now()) / 60)::int AS minutes
         FROM connections WHERE id = $1`,
      [due],
    );
    expect(next.rows[0]!.minutes).toBeGreaterThanOrEqual(14);
    await h.settled(due);
  });

  it('a connection whose schedule is off gets no next time from a finished sync, and the tick never starts it', async () => {
    const workspace = await h.newWorkspace('schedule-off');
    const off = await h.connect('FACEBOOK_PAGES', 'page_42', undefined, workspace);
    await h.pool.query('UPDATE connections SET schedule_minutes = 0 WHERE id = $1', [off]);
    await h.sync(off, 'INITIAL');
    const jobs = await h.settled(off);
    expect(jobs.every((j) => j.status === 'SUCCEEDED')).toBe(true);
    const after = await h.pool.query<{ last: Date | null; next: Date | null }>(
      'SELECT last_sync_at AS last, next_sync_at AS next FROM connections WHERE id = $1',
      [off],
    );
    expect(after.rows[0]!.last).not.toBeNull();
    expect(after.rows[0]!.next).toBeNull();

    await tick('sync-schedule');
    const { rows } = await h.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM sync_jobs WHERE connection_id = $1',
      [off],
    );
    expect(rows[0]!.n).toBe(jobs.length);
  });

  it('retention deletes finished jobs past the period with their chunks and events, nothing else', async () => {
    const workspace = await h.newWorkspace('retention');
    const connectionId = await h.connect('FACEBOOK_PAGES', 'page_42', undefined, workspace);
    await h.sync(connectionId, 'INITIAL');
    const jobs = await h.settled(connectionId);
    const [old, recent] = jobs.map((j) => j.id);
    await h.pool.query(
      `UPDATE sync_jobs SET finished_at = now() - interval '31 days' WHERE id = $1`,
      [old],
    );

    await tick('sync-retention');

    const left = await h.pool.query<{ id: string }>(
      'SELECT id FROM sync_jobs WHERE connection_id = $1',
      [connectionId],
    );
    expect(left.rows.map((r) => r.id)).toEqual([recent]);
    const orphans = await h.pool.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM sync_chunks WHERE job_id = $1)
            + (SELECT count(*) FROM sync_events WHERE job_id = $1) AS n`,
      [old],
    );
    expect(Number(orphans.rows[0]!.n)).toBe(0);
    const records = await h.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM records WHERE connection_id = $1',
      [connectionId],
    );
    expect(records.rows[0]!.n).toBeGreaterThan(0);
  });
});
