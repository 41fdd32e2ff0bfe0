import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../pool.ts';
import { createQueue, type Queue } from '../queue/create-queue.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { cancelSync } from './cancel-sync.ts';
import {
  InvalidStateError,
  NotFoundError,
  SyncAlreadyRunningError,
  ValidationError,
} from './errors.ts';
import { resumeSync } from './resume-sync.ts';
import { retryFailedChunks } from './retry-failed-chunks.ts';
import { startSync } from './start-sync.ts';

let db: TestDatabase;
let pool: Pool;
let queue: Queue;
let workspaceId: string;
let otherWorkspaceId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url);
  queue = createQueue(db.url);
  await queue.start();
  workspaceId = (await pool.query("INSERT INTO workspaces (name) VALUES ('a') RETURNING id"))
    .rows[0].id;
  otherWorkspaceId = (await pool.query("INSERT INTO workspaces (name) VALUES ('b') RETURNING id"))
    .rows[0].id;
});
afterAll(async () => {
  await queue.stop();
  await pool.end();
  await db.drop();
});

async function connection(provider = 'FACEBOOK_ADS', status = 'ACTIVE'): Promise<string> {
  const { rows } = await pool.query(
    `INSERT INTO connections (workspace_id, provider, external_account_id, display_name, credentials, status)
     VALUES ($1, $2, $3, 'x', '\\x00', $4) RETURNING id`,
    [workspaceId, provider, `acct_${Math.random()}`, status],
  );
  return rows[0].id;
}
const deps = () => ({ pool, queue });
const jobCount = async () =>
  (await pool.query('SELECT count(*)::int AS n FROM sync_jobs')).rows[0].n;
const planJobs = async () =>
  (await pool.query("SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'sync-plan'")).rows[0]
    .n;

describe('startSync', () => {
  it('INITIAL creates a RECENT job and a linked pending HISTORICAL job, and queues planning', async () => {
    const connectionId = await connection();
    const before = await planJobs();
    const { job } = await startSync(deps(), { workspaceId, connectionId, mode: 'INITIAL' });
    const { rows } = await pool.query(
      'SELECT id, phase, status, previous_phase_id, root_job_id FROM sync_jobs WHERE connection_id = $1 ORDER BY priority DESC',
      [connectionId],
    );
    expect(rows.map((r) => [r.phase, r.status])).toEqual([
      ['RECENT', 'PENDING'],
      ['HISTORICAL', 'PENDING'],
    ]);
    expect(rows[0].id).toBe(job.id);
    expect(rows[1].previous_phase_id).toBe(job.id);
    expect(rows[1].root_job_id).toBe(job.id);
    expect(await planJobs()).toBe(before + 1);
  });

  it('returns the running job as a typed error instead of starting a second one', async () => {
    const connectionId = await connection();
    const first = await startSync(deps(), { workspaceId, connectionId, mode: 'INCREMENTAL' });
    const count = await jobCount();
    const error = await startSync(deps(), { workspaceId, connectionId, mode: 'INITIAL' }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(SyncAlreadyRunningError);
    expect(error.jobId).toBe(first.job.id);
    expect(await jobCount()).toBe(count);
  });

  it('names the running phase as the sync already running, not the HISTORICAL one waiting', async () => {
    for (const recentStatus of ['PENDING', 'RUNNING']) {
      const connectionId = await connection();
      const first = await startSync(deps(), { workspaceId, connectionId, mode: 'INITIAL' });
      // Both phases come from one transaction, so they share created_at.
      const shared = await pool.query(
        'SELECT count(DISTINCT created_at)::int AS n FROM sync_jobs WHERE connection_id = $1',
        [connectionId],
      );
      expect(shared.rows[0].n).toBe(1);
      await pool.query('UPDATE sync_jobs SET status = $2 WHERE id = $1', [
        first.job.id,
        recentStatus,
      ]);
      const error = await startSync(deps(), {
        workspaceId,
        connectionId,
        mode: 'INCREMENTAL',
      }).catch((e) => e);
      expect(error).toBeInstanceOf(SyncAlreadyRunningError);
      expect(error.jobId).toBe(first.job.id);
    }
  });

  it('starts exactly one job when two requests race', async () => {
    const connectionId = await connection();
    const results = await Promise.allSettled([
      startSync(deps(), { workspaceId, connectionId, mode: 'INCREMENTAL' }),
      startSync(deps(), { workspaceId, connectionId, mode: 'INCREMENTAL' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(SyncAlreadyRunningError);
  });

  it('rejects bad input with typed errors and changes nothing', async () => {
    const connectionId = await connection();
    const now = Date.now();
    const cases: [Parameters<typeof startSync>[1], unknown, string?][] = [
      [{ workspaceId, connectionId: 'not-a-uuid', mode: 'INITIAL' }, NotFoundError],
      [{ workspaceId: otherWorkspaceId, connectionId, mode: 'INITIAL' }, NotFoundError],
      [{ workspaceId, connectionId, mode: 'CUSTOM_RANGE' }, ValidationError, 'from'],
      [
        {
          workspaceId,
          connectionId,
          mode: 'CUSTOM_RANGE',
          from: new Date(now - 1000),
          to: new Date(now - 2000),
        },
        ValidationError,
        'from',
      ],
      [
        {
          workspaceId,
          connectionId,
          mode: 'CUSTOM_RANGE',
          from: new Date(now - 1000),
          to: new Date(now + 86_400_000),
        },
        ValidationError,
        'to',
      ],
      [
        {
          workspaceId,
          connectionId,
          mode: 'CUSTOM_RANGE',
          from: new Date(now - 2000 * 86_400_000),
          to: new Date(now - 1000),
        },
        ValidationError,
        'from',
      ],
      [
        { workspaceId, connectionId, mode: 'INITIAL', from: new Date(now) },
        ValidationError,
        'from',
      ],
      [
        { workspaceId, connectionId, mode: 'INITIAL', streams: ['nope'] },
        ValidationError,
        'streams',
      ],
    ];
    const count = await jobCount();
    for (const [input, type, field] of cases) {
      const error = await startSync(deps(), input).catch((e) => e);
      expect(error, JSON.stringify(input)).toBeInstanceOf(type);
      if (field) expect(error.field).toBe(field);
    }
    const reauth = await connection('FACEBOOK_ADS', 'NEEDS_REAUTH');
    await expect(
      startSync(deps(), { workspaceId, connectionId: reauth, mode: 'INITIAL' }),
    ).rejects.toBeInstanceOf(InvalidStateError);
    expect(await jobCount()).toBe(count);
  });
});

describe('cancel, resume, retry', () => {
  it('cancel stops pending chunks and the next phase; resume re-arms them from checkpoints', async () => {
    const connectionId = await connection();
    const { job } = await startSync(deps(), { workspaceId, connectionId, mode: 'INITIAL' });
    await pool.query("UPDATE sync_jobs SET status = 'RUNNING', stage = 'RUN' WHERE id = $1", [
      job.id,
    ]);
    await pool.query(
      `INSERT INTO sync_chunks (job_id, connection_id, index, stream, kind, status, checkpoint)
       VALUES ($1, $2, 0, 'campaigns', 'structure', 'PENDING', '{"after":"abc"}'),
              ($1, $2, 1, 'ads', 'structure', 'SUCCEEDED', NULL)`,
      [job.id, connectionId],
    );
    await cancelSync(deps(), { workspaceId, jobId: job.id });
    const statuses = await pool.query(
      'SELECT phase, status FROM sync_jobs WHERE connection_id = $1 ORDER BY priority DESC',
      [connectionId],
    );
    expect(statuses.rows.map((r) => r.status)).toEqual(['CANCELLED', 'CANCELLED']);
    await expect(cancelSync(deps(), { workspaceId, jobId: job.id })).rejects.toBeInstanceOf(
      InvalidStateError,
    );

    await resumeSync(deps(), { workspaceId, jobId: job.id });
    const chunks = await pool.query(
      'SELECT index, status, checkpoint FROM sync_chunks WHERE job_id = $1 ORDER BY index',
      [job.id],
    );
    expect(chunks.rows).toEqual([
      { index: 0, status: 'PENDING', checkpoint: { after: 'abc' } },
      { index: 1, status: 'SUCCEEDED', checkpoint: null },
    ]);
    const after = await pool.query(
      'SELECT status FROM sync_jobs WHERE connection_id = $1 ORDER BY priority DESC',
      [connectionId],
    );
    expect(after.rows.map((r) => r.status)).toEqual(['RUNNING', 'PENDING']);
  });

  it('cancelling the waiting HISTORICAL phase cancels the running RECENT phase too', async () => {
    const connectionId = await connection();
    const { job } = await startSync(deps(), { workspaceId, connectionId, mode: 'INITIAL' });
    await pool.query("UPDATE sync_jobs SET status = 'RUNNING', stage = 'RUN' WHERE id = $1", [
      job.id,
    ]);
    await pool.query(
      `INSERT INTO sync_chunks (job_id, connection_id, index, stream, kind, status)
       VALUES ($1, $2, 0, 'campaigns', 'structure', 'RUNNING'),
              ($1, $2, 1, 'ads', 'structure', 'PENDING')`,
      [job.id, connectionId],
    );
    const historical = await pool.query('SELECT id FROM sync_jobs WHERE previous_phase_id = $1', [
      job.id,
    ]);
    const result = await cancelSync(deps(), { workspaceId, jobId: historical.rows[0].id });
    expect(result.job.id).toBe(historical.rows[0].id);
    const statuses = await pool.query(
      'SELECT phase, status FROM sync_jobs WHERE connection_id = $1 ORDER BY priority DESC',
      [connectionId],
    );
    // RECENT finishes its running page, then ends CANCELLED; nothing new starts.
    expect(statuses.rows).toEqual([
      { phase: 'RECENT', status: 'CANCELLING' },
      { phase: 'HISTORICAL', status: 'CANCELLED' },
    ]);
    const chunks = await pool.query(
      'SELECT index, status FROM sync_chunks WHERE job_id = $1 ORDER BY index',
      [job.id],
    );
    expect(chunks.rows).toEqual([
      { index: 0, status: 'RUNNING' },
      { index: 1, status: 'CANCELLED' },
    ]);
    await expect(
      cancelSync(deps(), { workspaceId: otherWorkspaceId, jobId: job.id }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('retryFailedChunks only applies to jobs that ended with failures, and only for their workspace', async () => {
    const connectionId = await connection();
    const { job } = await startSync(deps(), { workspaceId, connectionId, mode: 'INCREMENTAL' });
    await expect(retryFailedChunks(deps(), { workspaceId, jobId: job.id })).rejects.toBeInstanceOf(
      InvalidStateError,
    );
    await pool.query(
      "UPDATE sync_jobs SET status = 'COMPLETED_WITH_ERRORS', stage = 'RUN' WHERE id = $1",
      [job.id],
    );
    await pool.query(
      `INSERT INTO sync_chunks (job_id, connection_id, index, stream, kind, status, attempts, checkpoint)
       VALUES ($1, $2, 0, 'campaigns', 'structure', 'FAILED', 3, '{"after":"p2"}')`,
      [job.id, connectionId],
    );
    await expect(
      retryFailedChunks(deps(), { workspaceId: otherWorkspaceId, jobId: job.id }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await retryFailedChunks(deps(), { workspaceId, jobId: job.id });
    const { rows } = await pool.query(
      'SELECT status, attempts, checkpoint FROM sync_chunks WHERE job_id = $1',
      [job.id],
    );
    expect(rows[0]).toEqual({ status: 'PENDING', attempts: 0, checkpoint: { after: 'p2' } });
    const jobRow = await pool.query('SELECT status FROM sync_jobs WHERE id = $1', [job.id]);
    expect(jobRow.rows[0].status).toBe('RUNNING');
  });
});

describe('an unfinished INITIAL is continued, not replaced', () => {
  /** An INITIAL whose RECENT stopped: FAILED at planning, or CANCELLED with a checkpointed chunk. */
  async function unfinishedInitial(how: 'FAILED' | 'CANCELLED') {
    const connectionId = await connection();
    const { job } = await startSync(deps(), { workspaceId, connectionId, mode: 'INITIAL' });
    if (how === 'CANCELLED') {
      await pool.query("UPDATE sync_jobs SET status = 'RUNNING', stage = 'RUN' WHERE id = $1", [
        job.id,
      ]);
      await pool.query(
        `INSERT INTO sync_chunks (job_id, connection_id, index, stream, kind, status, checkpoint)
         VALUES ($1, $2, 0, 'campaigns', 'structure', 'PENDING', '{"after":"abc"}')`,
        [job.id, connectionId],
      );
      await cancelSync(deps(), { workspaceId, jobId: job.id });
    } else {
      await pool.query(
        "UPDATE sync_jobs SET status = 'FAILED', error = 'Planning failed: x' WHERE id = $1",
        [job.id],
      );
      await pool.query("UPDATE sync_jobs SET status = 'CANCELLED' WHERE previous_phase_id = $1", [
        job.id,
      ]);
    }
    return { connectionId, recentId: job.id };
  }
  const phases = async (connectionId: string) =>
    (
      await pool.query(
        'SELECT mode, phase, status FROM sync_jobs WHERE connection_id = $1 ORDER BY created_at, priority DESC',
        [connectionId],
      )
    ).rows.map((r) => `${r.mode}/${r.phase}/${r.status}`);

  it('"Sync now" (INCREMENTAL) after a cancelled INITIAL continues it from its checkpoints', async () => {
    const { connectionId, recentId } = await unfinishedInitial('CANCELLED');
    const started = await startSync(deps(), { workspaceId, connectionId, mode: 'INCREMENTAL' });
    expect(started).toEqual({ job: { id: recentId }, continued: true });
    expect(await phases(connectionId)).toEqual([
      'INITIAL/RECENT/RUNNING',
      'INITIAL/HISTORICAL/PENDING',
    ]);
    const chunk = await pool.query('SELECT status, checkpoint FROM sync_chunks WHERE job_id = $1', [
      recentId,
    ]);
    expect(chunk.rows).toEqual([{ status: 'PENDING', checkpoint: { after: 'abc' } }]);
  });

  it('INITIAL after one that failed at planning plans it again instead of adding another', async () => {
    const { connectionId, recentId } = await unfinishedInitial('FAILED');
    const before = await planJobs();
    const started = await startSync(deps(), { workspaceId, connectionId, mode: 'INITIAL' });
    expect(started).toEqual({ job: { id: recentId }, continued: true });
    expect(await phases(connectionId)).toEqual([
      'INITIAL/RECENT/RUNNING',
      'INITIAL/HISTORICAL/PENDING',
    ]);
    expect(await planJobs()).toBe(before + 1);
  });

  it('force starts the mode asked for; FULL_RESYNC always runs as asked', async () => {
    const { connectionId } = await unfinishedInitial('FAILED');
    const forced = await startSync(deps(), {
      workspaceId,
      connectionId,
      mode: 'INCREMENTAL',
      force: true,
    });
    expect(forced.continued).toBe(false);
    expect((await phases(connectionId)).at(-1)).toBe('INCREMENTAL/INCREMENTAL/PENDING');

    const other = await unfinishedInitial('FAILED');
    const full = await startSync(deps(), {
      workspaceId,
      connectionId: other.connectionId,
      mode: 'FULL_RESYNC',
    });
    expect(full.continued).toBe(false);
    expect((await phases(other.connectionId)).slice(-2)).toEqual([
      'FULL_RESYNC/RECENT/PENDING',
      'FULL_RESYNC/HISTORICAL/PENDING',
    ]);
  });

  it('a finished INITIAL is not continued', async () => {
    const connectionId = await connection();
    const { job } = await startSync(deps(), { workspaceId, connectionId, mode: 'INITIAL' });
    await pool.query("UPDATE sync_jobs SET status = 'SUCCEEDED' WHERE root_job_id = $1", [job.id]);
    const next = await startSync(deps(), { workspaceId, connectionId, mode: 'INCREMENTAL' });
    expect(next.continued).toBe(false);
    expect((await phases(connectionId)).at(-1)).toBe('INCREMENTAL/INCREMENTAL/PENDING');
  });

  it('resumeSync accepts a FAILED job (as the schema says) and plans it again', async () => {
    const { connectionId, recentId } = await unfinishedInitial('FAILED');
    await resumeSync(deps(), { workspaceId, jobId: recentId });
    expect(await phases(connectionId)).toEqual([
      'INITIAL/RECENT/RUNNING',
      'INITIAL/HISTORICAL/PENDING',
    ]);
  });
});

describe('resume after a cancel that met discovery’s last pages', () => {
  it('a job cancelled in DISCOVER with every discovery chunk done moves on to fan-out', async () => {
    const connectionId = await connection();
    const { job } = await startSync(deps(), { workspaceId, connectionId, mode: 'INITIAL' });
    await pool.query(
      "UPDATE sync_jobs SET status = 'CANCELLED', stage = 'DISCOVER' WHERE id = $1",
      [job.id],
    );
    await pool.query(
      `INSERT INTO sync_chunks (job_id, connection_id, index, stream, kind, status)
       VALUES ($1, $2, 0, 'campaigns', 'structure', 'SUCCEEDED')`,
      [job.id, connectionId],
    );
    const before = await planJobs();
    await resumeSync(deps(), { workspaceId, jobId: job.id });
    const { rows } = await pool.query('SELECT status, stage FROM sync_jobs WHERE id = $1', [
      job.id,
    ]);
    expect(rows[0]).toEqual({ status: 'RUNNING', stage: 'FANOUT' });
    expect(await planJobs()).toBe(before + 1);
  });
});
