import type { RunEnv } from '../harness/bench-system.ts';
import { timeSyncToSucceeded } from '../harness/sync-driver.ts';
import { enginePass } from './engine-pass.ts';
import type { Scenario } from './scenario.ts';

const MAILBOX = 'user_3001';
const REPEATS = 5;

type Timed = { ms: number; waitingMs: number; runningMs: number };

/** Where an incremental job's time went, from its own timestamps (the database's clock). */
async function jobPhases(run: RunEnv, globalJobId: string) {
  const id = Buffer.from(globalJobId, 'base64').toString('utf8').split(':')[1];
  const { rows } = await run.pool.query<{ waiting: number; running: number }>(
    `SELECT extract(epoch FROM started_at - created_at) * 1000 AS waiting,
            extract(epoch FROM finished_at - started_at) * 1000 AS running
       FROM sync_jobs WHERE id = $1`,
    [id],
  );
  return { waitingMs: Number(rows[0]?.waiting), runningMs: Number(rows[0]?.running) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

/**
 * A synced mailbox, then incremental syncs with 10 new messages and with none: startSync →
 * SUCCEEDED seen on the job's subscription, the median of REPEATS each, zero latency.
 */
export const incremental: Scenario = {
  name: 'incremental',
  title: 'Incremental sync of a synced mailbox: 10 new / 0 new (startSync → SUCCEEDED seen)',
  metrics: {
    ten_new_ms: { label: '10 new messages', unit: 'ms', digits: 0 },
    zero_new_ms: { label: 'nothing new', unit: 'ms', digits: 0 },
    ten_new_waiting_ms: { label: '10 new: job created → started', unit: 'ms', digits: 0 },
    ten_new_running_ms: { label: '10 new: job started → finished', unit: 'ms', digits: 0 },
    zero_new_waiting_ms: { label: '0 new: job created → started', unit: 'ms', digits: 0 },
    zero_new_running_ms: { label: '0 new: job started → finished', unit: 'ms', digits: 0 },
  },
  async run(system, options) {
    await system.sandbox.admin.reset({
      accounts: [{ provider: 'MICROSOFT_MAIL', id: MAILBOX, messages: options.quick ? 200 : 5000 }],
    });
    const run = await system.newRun();
    try {
      const { connections } = await enginePass(run, [{ provider: 'MICROSOFT_MAIL', id: MAILBOX }]);
      const connection = connections[0]!;
      const tenNew: Timed[] = [];
      const zeroNew: Timed[] = [];
      const timed = async () => {
        const { ms, jobId } = await timeSyncToSucceeded(run, connection);
        return { ms, ...(await jobPhases(run, jobId)) };
      };
      for (let i = 0; i < REPEATS; i++) {
        await system.sandbox.admin.mutate({
          provider: 'MICROSOFT_MAIL',
          accountId: MAILBOX,
          add: 10,
        });
        tenNew.push(await timed());
        zeroNew.push(await timed());
      }
      return {
        values: {
          ten_new_ms: median(tenNew.map((t) => t.ms)),
          zero_new_ms: median(zeroNew.map((t) => t.ms)),
          ten_new_waiting_ms: median(tenNew.map((t) => t.waitingMs)),
          ten_new_running_ms: median(tenNew.map((t) => t.runningMs)),
          zero_new_waiting_ms: median(zeroNew.map((t) => t.waitingMs)),
          zero_new_running_ms: median(zeroNew.map((t) => t.runningMs)),
        },
        series: {
          latencies: {
            'incremental, 10 new': tenNew.map((t) => t.ms),
            'incremental, 0 new': zeroNew.map((t) => t.ms),
          },
        },
      };
    } finally {
      await run.close();
    }
  },
};
