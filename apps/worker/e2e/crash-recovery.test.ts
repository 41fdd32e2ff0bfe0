import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

// Small accounts so each trial is a few seconds; latency so kills land mid-page.
const ACCOUNTS = [
  { provider: 'FACEBOOK_ADS', id: 'act_7', campaigns: 6, adsets: 12, ads: 24, ageDays: 240 },
  { provider: 'FACEBOOK_PAGES', id: 'page_7', conversations: 40, ageDays: 240 },
  { provider: 'MICROSOFT_MAIL', id: 'user_7', messages: 300, ageDays: 240 },
] as const;
const ROUNDS = 7; // × 3 providers = 21 trials
const workerEntry = resolve(import.meta.dirname, '../src/main.ts');

let h: Harness;
const workers = new Set<ChildProcess>();
/** Workers that finished starting: only these are killed, so a loaded machine that takes seconds
 * to boot a worker cannot have every worker killed while still booting (nothing would run). */
const ready = new Set<ChildProcess>();
let kills = 0;

function spawnWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', workerEntry], {
    env: {
      ...process.env,
      DATABASE_URL: h.db.url,
      TRIBUTARY_SECRET_KEY: h.secretKey.toString('base64'),
      TRIBUTARY_SANDBOX_URL: h.sandbox.url,
      CHUNK_LEASE_MS: '1500',
      CHUNK_PAGE_BUDGET: '4',
      MAINTENANCE_INTERVAL_MS: '300',
      RETRY_BASE_MS: '50',
      STALL_LEASES: '50',
      WORKER_CONCURRENCY: '3',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  workers.add(child);
  let seen = '';
  child.stdout?.on('data', (data: Buffer) => {
    if (ready.has(child)) return;
    seen += data.toString();
    if (seen.includes('"worker started"')) ready.add(child);
  });
  child.once('exit', () => {
    workers.delete(child);
    ready.delete(child);
  });
  return child;
}

beforeAll(async () => {
  h = await startHarness({ workers: 0, accounts: [...ACCOUNTS] });
  await h.admin.setFaults({ latencyMs: 300 });
  // Three, so that while a killed worker's replacement boots (seconds on a loaded machine) two
  // are still running and the next kill need not wait for it: syncs running many requests at
  // once end in a few seconds, and each round must still see its kills.
  spawnWorker();
  spawnWorker();
  spawnWorker();
});
afterAll(async () => {
  for (const child of workers) child.kill('SIGKILL');
  await h?.stop();
});

describe('SIGKILL at random points, three worker processes', () => {
  it(`ends every sync exactly at the truth across ${ROUNDS * 3} trials`, async () => {
    const random = mulberry32(20261124);
    const results: {
      trial: number;
      provider: string;
      mismatches: unknown[];
      records: number;
      inserted: number;
    }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const workspaceId = await h.newWorkspace(`round-${round}`);
      const connections = await Promise.all(
        ACCOUNTS.map((a) => h.connect(a.provider, a.id, undefined, workspaceId)),
      );
      await Promise.all(connections.map((id) => h.sync(id, 'INITIAL')));
      // Chaos: every 0.3–1.2 s kill a random running worker while another one runs, and start a
      // replacement, until all settle. Kills land anywhere in a worker's work, never before it runs.
      let done = false;
      const chaos = (async () => {
        while (!done) {
          await new Promise((r) => setTimeout(r, 300 + random() * 900));
          if (done) break;
          const victims = [...ready];
          const victim =
            victims.length >= 2 ? victims[Math.floor(random() * victims.length)] : undefined;
          if (victim) {
            victim.kill('SIGKILL');
            kills++;
            spawnWorker();
          }
        }
      })();
      await Promise.all(connections.map((id) => h.settled(id, 240_000)));
      done = true;
      await chaos;
      for (const [i, id] of connections.entries()) {
        const jobs = await h.jobsOf(id);
        expect(jobs.map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
        results.push({
          trial: round * 3 + i,
          provider: ACCOUNTS[i]!.provider,
          ...(await h.expectTruth(id)),
        });
      }
    }
    console.log(`crash recovery: ${results.length} trials, ${kills} SIGKILLs`);
    expect(kills).toBeGreaterThanOrEqual(2 * ROUNDS);
    for (const result of results) {
      expect(result.mismatches, `trial ${result.trial} ${result.provider}`).toEqual([]);
      expect(result.inserted, `trial ${result.trial} ${result.provider} counters`).toBe(
        result.records,
      );
    }
  }, 900_000);
});

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t >>> 0) / 4294967296;
  };
}
