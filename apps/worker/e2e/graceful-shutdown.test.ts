import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

const workerEntry = resolve(import.meta.dirname, '../src/main.ts');
let h: Harness;
const children: ChildProcess[] = [];

function spawnWorker(): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', workerEntry], {
    env: {
      ...process.env,
      DATABASE_URL: h.db.url,
      TRIBUTARY_SECRET_KEY: h.secretKey.toString('base64'),
      TRIBUTARY_SANDBOX_URL: h.sandbox.url,
      CHUNK_LEASE_MS: '60000', // long: only a graceful release (not expiry) can free the chunks
      MAINTENANCE_INTERVAL_MS: '300',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    },
    stdio: [
      'ignore',
      process.env.TEST_LOG_LEVEL ? 'inherit' : 'ignore',
      process.env.TEST_LOG_LEVEL ? 'inherit' : 'ignore',
    ],
  });
  children.push(child);
  return { child, exited: new Promise((done) => child.once('exit', (code) => done(code))) };
}

beforeAll(async () => {
  h = await startHarness({
    workers: 0,
    accounts: [
      { provider: 'FACEBOOK_ADS', id: 'act_9', campaigns: 30, adsets: 60, ads: 100, ageDays: 300 },
    ],
  });
  await h.admin.setFaults({ latencyMs: 40 });
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await h?.stop();
});

describe('SIGTERM', () => {
  it('stops a worker after its current pages commit, releasing its leases; another finishes the sync', async () => {
    const first = spawnWorker();
    const id = await h.connect('FACEBOOK_ADS', 'act_9');
    await h.sync(id, 'INITIAL');
    for (;;) {
      const { rows } = await h.pool.query(
        "SELECT count(*)::int AS n FROM sync_chunks WHERE connection_id = $1 AND status = 'RUNNING'",
        [id],
      );
      if (rows[0].n > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    // Nothing is left leased to the stopped worker: its chunks are runnable at once, not after 60 s.
    const held = await h.pool.query(
      "SELECT count(*)::int AS n FROM sync_chunks WHERE connection_id = $1 AND status = 'RUNNING'",
      [id],
    );
    expect(held.rows[0].n).toBe(0);
    spawnWorker();
    const jobs = await h.settled(id, 60_000);
    expect(jobs.map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const result = await h.expectTruth(id);
    expect(result.mismatches).toEqual([]);
    expect(result.inserted).toBe(result.records);
  }, 120_000);
});
