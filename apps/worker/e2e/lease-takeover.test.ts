import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

// Slow pages, so a chunk is mid-run when its worker is killed.
const ACCOUNTS = [
  { provider: 'FACEBOOK_ADS', id: 'act_61', campaigns: 30, adsets: 60, ads: 100, ageDays: 300 },
  { provider: 'FACEBOOK_ADS', id: 'act_62', campaigns: 30, adsets: 60, ads: 100, ageDays: 300 },
  { provider: 'FACEBOOK_ADS', id: 'act_63', campaigns: 30, adsets: 60, ads: 100, ageDays: 300 },
] as const;
const LEASE_MS = 2000;
const workerEntry = resolve(import.meta.dirname, '../src/main.ts');

let h: Harness;
const workers = new Map<string, ChildProcess>();
let spawned = 0;

function spawnWorker(): string {
  const workerId = `takeover-${++spawned}`;
  const child = spawn(process.execPath, ['--import', 'tsx', workerEntry], {
    env: {
      ...process.env,
      DATABASE_URL: h.db.url,
      TRIBUTARY_SECRET_KEY: h.secretKey.toString('base64'),
      TRIBUTARY_SANDBOX_URL: h.sandbox.url,
      WORKER_ID: workerId,
      CHUNK_LEASE_MS: String(LEASE_MS),
      MAINTENANCE_INTERVAL_MS: '200',
      RETRY_BASE_MS: '50',
      STALL_LEASES: '50',
      WORKER_CONCURRENCY: '3',
      LOG_LEVEL: 'silent',
    },
    stdio: 'ignore',
  });
  workers.set(workerId, child);
  child.once('exit', () => workers.delete(workerId));
  return workerId;
}

beforeAll(async () => {
  h = await startHarness({ workers: 0, accounts: [...ACCOUNTS] });
  await h.admin.setFaults({ latencyMs: 250 });
  spawnWorker();
  spawnWorker();
});
afterAll(async () => {
  for (const child of workers.values()) child.kill('SIGKILL');
  await h?.stop();
});

async function poll<T>(read: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('lease recovery after SIGKILL', () => {
  it('a killed worker’s chunk runs again on another worker within about a lease', async () => {
    const figures: number[] = [];
    const afterExpiry: number[] = [];
    for (const account of ACCOUNTS) {
      const id = await h.connect(account.provider, account.id);
      await h.sync(id, 'INITIAL');
      // A running chunk (its page in flight), and the worker holding it.
      const held = await poll(async () => {
        const { rows } = await h.pool.query<{ id: string; lease_owner: string }>(
          `SELECT id, lease_owner FROM sync_chunks WHERE connection_id = $1 AND status = 'RUNNING'
              AND lease_expires_at > now() LIMIT 1`,
          [id],
        );
        const row = rows[0];
        return row && workers.has(row.lease_owner) ? row : null;
      }, 180_000);
      workers.get(held.lease_owner)!.kill('SIGKILL');
      const killedAt = Date.now();
      // When the lease the dead worker last renewed runs out: no other worker may take the
      // chunk before then, so recovery is measured from it too.
      const { rows: lease } = await h.pool.query<{ ms: number }>(
        `SELECT (extract(epoch FROM lease_expires_at) * 1000)::float8 AS ms FROM sync_chunks
          WHERE id = $1`,
        [held.id],
      );
      // The chunk is taken by another worker (or finished by one) once its lease expires.
      const takenBy = await poll(async () => {
        const { rows } = await h.pool.query<{ status: string; lease_owner: string | null }>(
          'SELECT status, lease_owner FROM sync_chunks WHERE id = $1',
          [held.id],
        );
        const row = rows[0]!;
        if (row.status === 'RUNNING' && row.lease_owner && row.lease_owner !== held.lease_owner)
          return row.lease_owner;
        return row.status === 'SUCCEEDED' ? 'finished' : null;
      });
      const { rows: clock } = await h.pool.query<{ ms: number }>(
        'SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS ms',
      );
      figures.push(Date.now() - killedAt);
      afterExpiry.push(Math.round(clock[0]!.ms - lease[0]!.ms));
      expect(takenBy).not.toBe(held.lease_owner);
      spawnWorker();
      const jobs = await h.settled(id, 240_000);
      expect(jobs.map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
      const result = await h.expectTruth(id);
      expect(result.mismatches).toEqual([]);
      expect(result.inserted).toBe(result.records);
    }
    console.log(
      `lease takeover after SIGKILL (lease ${LEASE_MS} ms, upkeep every 200 ms): ${figures.map((ms) => `${ms} ms`).join(', ')} after the kill; ${afterExpiry.map((ms) => `${ms} ms`).join(', ')} after the lease it last renewed ran out`,
    );
  }, 600_000);
});
