import { DEFAULT_BREAKER_POLICY } from '@tributary/core';
import { resumeSync, retryFailedChunks } from '@tributary/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

const ads = (id: string) => ({
  provider: 'FACEBOOK_ADS',
  id,
  campaigns: 6,
  adsets: 12,
  ads: 20,
  ageDays: 200,
});
const ACCOUNTS = [
  ...['act_31', 'act_32', 'act_33', 'act_34', 'act_35', 'act_36'].map(ads),
  { provider: 'FACEBOOK_ADS', id: 'act_37', campaigns: 60, adsets: 120, ads: 200, ageDays: 200 },
  { provider: 'MICROSOFT_MAIL', id: 'user_31', messages: 200, ageDays: 200 },
  // Several pages of conversations per phase (25 a page, messages inline), so a page budget of
  // one has something to interrupt.
  { provider: 'FACEBOOK_PAGES', id: 'page_31', conversations: 150, ageDays: 200 },
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    workers: 1,
    accounts: ACCOUNTS,
    config: { leaseMs: 3000, maxInlineWaitMs: 1500 },
  });
});
afterAll(async () => {
  await h?.stop();
});

async function events(connectionId: string) {
  const { rows } = await h.pool.query(
    `SELECT e.kind, e.message FROM sync_events e JOIN sync_jobs j ON j.id = e.job_id
      WHERE j.connection_id = $1 ORDER BY e.id`,
    [connectionId],
  );
  return rows as { kind: string; message: string }[];
}
const kinds = async (id: string) => new Set((await events(id)).map((e) => e.kind));
async function faultAccount(provider: string, accountId: string, faults: Record<string, unknown>) {
  await h.admin.setFaults({ providers: { [provider]: { accounts: { [accountId]: faults } } } });
}
async function connectAndSync(
  provider: 'FACEBOOK_ADS' | 'MICROSOFT_MAIL' | 'FACEBOOK_PAGES',
  accountId: string,
) {
  const id = await h.connect(provider, accountId, undefined, await h.newWorkspace(accountId));
  const jobId = await h.sync(id, 'INITIAL');
  return { id, jobId };
}
async function expectExact(connectionId: string) {
  const result = await h.expectTruth(connectionId);
  expect(result.mismatches).toEqual([]);
  expect(result.inserted).toBe(result.records);
}

describe('faults end in the documented state with the right events', () => {
  it('throttling reschedules chunks without burning attempts', async () => {
    // A window longer than the governor sleeps inline (1.5 s): waits reschedule the chunks.
    await faultAccount('FACEBOOK_ADS', 'act_31', { rateLimit: { requests: 8, windowMs: 4000 } });
    const { id } = await connectAndSync('FACEBOOK_ADS', 'act_31');
    const jobs = await h.settled(id, 90_000);
    expect(jobs.map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(await kinds(id)).toContain('RATE_LIMITED');
    const burned = await h.pool.query(
      'SELECT max(attempts)::int AS n FROM sync_chunks WHERE connection_id = $1',
      [id],
    );
    expect(burned.rows[0].n).toBe(0);
    await expectExact(id);
  }, 120_000);

  it('5xx bursts and connection resets are retried to completion', async () => {
    await faultAccount('FACEBOOK_ADS', 'act_32', { errorRate: 0.3, resetRate: 0.1 });
    const { id } = await connectAndSync('FACEBOOK_ADS', 'act_32');
    expect((await h.settled(id)).map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    await expectExact(id);
  });

  it('"reduce the amount of data" splits chunks instead of failing them', async () => {
    await faultAccount('FACEBOOK_ADS', 'act_33', {
      insightsRowLimit: 200,
      asyncInsightsRowLimit: 200,
      asyncJobMs: 0,
    });
    const { id } = await connectAndSync('FACEBOOK_ADS', 'act_33');
    expect((await h.settled(id)).map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(await kinds(id)).toContain('CHUNK_SPLIT');
    const split = await h.pool.query(
      'SELECT count(*)::int AS n FROM sync_chunks WHERE connection_id = $1 AND parent_chunk_id IS NOT NULL',
      [id],
    );
    expect(split.rows[0].n).toBeGreaterThan(0);
    await expectExact(id);
  });

  it('an expired token pauses the connection as NEEDS_REAUTH; resume after re-auth completes it', async () => {
    const { id, jobId } = await connectAndSync('FACEBOOK_ADS', 'act_34');
    // RECENT lands; the token expires before HISTORICAL reads anything.
    const historical = await whenRecentSucceeded(h, jobId, () =>
      faultAccount('FACEBOOK_ADS', 'act_34', { tokenExpired: true }),
    );
    const jobs = await h.settled(id, 30_000);
    expect(jobs.map((j) => j.status)).toEqual(['SUCCEEDED', 'CANCELLED']);
    expect(jobs[1].error).toMatch(/re-authorised/);
    const connection = (
      await h.pool.query('SELECT status, status_message FROM connections WHERE id = $1', [id])
    ).rows[0];
    expect(connection.status).toBe('NEEDS_REAUTH');
    expect(await kinds(id)).toContain('AUTH_EXPIRED');
    // The user reconnects: the token works again and the connection is active.
    await h.admin.clearFaults();
    await h.pool.query(
      "UPDATE connections SET status = 'ACTIVE', status_message = NULL WHERE id = $1",
      [id],
    );
    await resumeSync(
      { pool: h.pool, queue: h.queue },
      { workspaceId: await workspaceOf(id), jobId: historical },
    );
    expect((await h.settled(id)).map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    await expectExact(id);
  });

  it('malformed pages are retried; nothing partial is written', async () => {
    await faultAccount('FACEBOOK_ADS', 'act_35', { malformedRate: 0.2 });
    const { id } = await connectAndSync('FACEBOOK_ADS', 'act_35');
    expect((await h.settled(id)).map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    await expectExact(id);
  });

  it('a chunk that exhausts its attempts is FAILED, never silent; retryFailedChunks finishes the job', async () => {
    // An outage would park the connection (resilience.test.ts): here the breaker never opens,
    // so a provider that never answers shows what a chunk does once its attempts are spent.
    const strict = await startHarness({
      workers: 1,
      accounts: ACCOUNTS,
      config: {
        leaseMs: 3000,
        breaker: { ...DEFAULT_BREAKER_POLICY, failureThreshold: 1_000_000 },
      },
    });
    try {
      const id = await strict.connect('FACEBOOK_ADS', 'act_36');
      const jobId = await strict.sync(id, 'INITIAL');
      // Every HISTORICAL request fails: its chunks cannot run before the fault is in place.
      const historical = await whenRecentSucceeded(strict, jobId, async () => {
        await strict.admin.setFaults({
          providers: { FACEBOOK_ADS: { accounts: { act_36: { errorRate: 1 } } } },
        });
      });
      const jobs = await strict.settled(id);
      expect(jobs.map((j) => j.status)).toEqual(['SUCCEEDED', 'FAILED']);
      const failed = await strict.pool.query(
        "SELECT last_error, attempts, max_attempts FROM sync_chunks WHERE job_id = $1 AND status = 'FAILED'",
        [historical],
      );
      expect(failed.rows.length).toBeGreaterThan(0);
      for (const row of failed.rows) {
        expect(row.last_error).toBeTruthy();
        expect(row.attempts).toBe(row.max_attempts);
      }
      const events = await strict.pool.query(
        "SELECT count(*)::int AS n FROM sync_events WHERE job_id = $1 AND kind = 'CHUNK_FAILED'",
        [historical],
      );
      expect(events.rows[0].n).toBe(failed.rows.length);
      await strict.admin.clearFaults();
      // The user retries the phase that ended with failed chunks (the dashboard's button).
      await retryFailedChunks(
        { pool: strict.pool, queue: strict.queue },
        { workspaceId: strict.workspaceId, jobId: historical },
      );
      expect((await strict.settled(id)).map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
      const result = await strict.expectTruth(id);
      expect(result.mismatches).toEqual([]);
      expect(result.inserted).toBe(result.records);
    } finally {
      await strict.stop();
    }
  });

  it('Microsoft 429 with Retry-After reschedules; the mailbox ends exact', async () => {
    await faultAccount('MICROSOFT_MAIL', 'user_31', {
      rateLimit: { requests: 12, windowMs: 1000 },
    });
    const { id } = await connectAndSync('MICROSOFT_MAIL', 'user_31');
    expect((await h.settled(id)).map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    await expectExact(id);
  }, 120_000);
});

describe('budgets, cancel and resume', () => {
  it('a page budget checkpoints and re-enqueues instead of failing', async () => {
    const budgeted = await startHarness({
      workers: 1,
      accounts: ACCOUNTS,
      config: { pageBudget: 1 },
    });
    try {
      const id = await budgeted.connect('FACEBOOK_PAGES', 'page_31');
      await budgeted.sync(id, 'INITIAL');
      expect((await budgeted.settled(id)).map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
      const { rows } = await budgeted.pool.query(
        "SELECT count(*)::int AS n FROM sync_events WHERE kind = 'TIME_BUDGET_CHECKPOINT'",
      );
      expect(rows[0].n).toBeGreaterThan(0);
      expect((await budgeted.expectTruth(id)).mismatches).toEqual([]);
    } finally {
      await budgeted.stop();
    }
  });

  it('cancel stops at a page boundary; resume ends equal to the truth with nothing duplicated', async () => {
    // Slow pages: once one insights chunk is done, RECENT's other six need at least three more
    // page round trips (450 ms) on two lanes, far longer than noticing and cancelling takes.
    await faultAccount('FACEBOOK_ADS', 'act_37', { latencyMs: 150 });
    const { id, jobId } = await connectAndSync('FACEBOOK_ADS', 'act_37');
    await waitFor(
      async () =>
        (
          await h.pool.query(
            "SELECT count(*)::int AS n FROM sync_chunks WHERE job_id = $1 AND status = 'SUCCEEDED' AND kind = 'insights'",
            [jobId],
          )
        ).rows[0].n > 0,
    );
    const { cancelSync } = await import('@tributary/db');
    await cancelSync(
      { pool: h.pool, queue: h.queue },
      { workspaceId: await workspaceOf(id), jobId },
    );
    const cancelled = await h.settled(id);
    expect(cancelled.map((j) => j.status)).toEqual(['CANCELLED', 'CANCELLED']);
    const left = await h.pool.query(
      "SELECT count(*)::int AS n FROM sync_chunks WHERE job_id = $1 AND status = 'CANCELLED'",
      [jobId],
    );
    expect(left.rows[0].n).toBeGreaterThan(0);
    await h.admin.clearFaults();
    await resumeSync(
      { pool: h.pool, queue: h.queue },
      { workspaceId: await workspaceOf(id), jobId },
    );
    expect((await h.settled(id)).map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    await expectExact(id);
  });
});

async function workspaceOf(connectionId: string): Promise<string> {
  return (await h.pool.query('SELECT workspace_id FROM connections WHERE id = $1', [connectionId]))
    .rows[0].workspace_id;
}

/**
 * Runs `act` once the RECENT job has succeeded and before HISTORICAL has planned a chunk:
 * HISTORICAL's planning first touches its job row, which is held meanwhile. A fault set in
 * `act` therefore meets every HISTORICAL chunk, however fast RECENT ran. Returns HISTORICAL.
 */
async function whenRecentSucceeded(
  on: Harness,
  recentId: string,
  act: () => Promise<void>,
): Promise<string> {
  const historical = (
    await on.pool.query('SELECT id FROM sync_jobs WHERE previous_phase_id = $1', [recentId])
  ).rows[0].id as string;
  const gate = await on.pool.connect();
  try {
    await gate.query('BEGIN');
    await gate.query('SELECT 1 FROM sync_jobs WHERE id = $1 FOR UPDATE', [historical]);
    await waitFor(
      async () =>
        (await on.pool.query('SELECT status FROM sync_jobs WHERE id = $1', [recentId])).rows[0]
          .status === 'SUCCEEDED',
    );
    await act();
    await gate.query('COMMIT');
  } finally {
    gate.release();
  }
  return historical;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
