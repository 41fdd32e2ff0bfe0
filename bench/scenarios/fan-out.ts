import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import { recordEvent, sealCredentials } from '@tributary/db';
import { assignRole } from '../harness/process-tree.ts';
import type { FleetCollect, FleetMessage, FleetStart } from '../harness/subscriber-fleet.ts';
import type { Scenario } from './scenario.ts';

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/**
 * 1,000 graphql-ws subscribers of one job (in a child process, out of the API's event loop);
 * each event is what the worker commits per page (counters and the NOTIFY in one transaction),
 * one every 100 ms (the worker's progress gate). Latency is commit → each subscriber.
 */
export const fanOut: Scenario = {
  name: 'fan-out',
  title: 'Progress fan-out to 1,000 subscribers of one job (quick: 20)',
  metrics: {
    p50_ms: { label: 'commit → subscriber, p50', unit: 'ms', digits: 1 },
    p99_ms: { label: 'commit → subscriber, p99', unit: 'ms', digits: 1 },
    max_ms: { label: 'commit → subscriber, max', unit: 'ms', digits: 1 },
    missed: { label: 'events missed', unit: '', digits: 0 },
    dropped: { label: 'subscribers dropped', unit: '', digits: 0 },
    connect_s: { label: 'subscribers connected and live in', unit: 's', digits: 1 },
    subscribers: { label: 'subscribers', unit: '', digits: 0 },
    events: { label: 'events', unit: '', digits: 0 },
  },
  async run(system, options) {
    const subscribers = options.quick ? 20 : 1000;
    const events = options.quick ? 5 : 50;
    const run = await system.newRun({ workers: 0 });
    const fleet = fork(resolve(import.meta.dirname, '../harness/subscriber-fleet.ts'), {
      execArgv: ['--import', 'tsx'],
    });
    assignRole(fleet.pid!, 'subscribers');
    try {
      const { rows: connections } = await run.pool.query<{ id: string }>(
        `INSERT INTO connections (workspace_id, provider, external_account_id, display_name, credentials, sandbox)
         VALUES ($1, 'FACEBOOK_ADS', 'act_1', 'bench', $2, true) RETURNING id`,
        [run.workspaceId, sealCredentials(run.secretKey, { accessToken: 'bench-token' })],
      );
      const { rows: jobs } = await run.pool.query<{ id: string }>(
        `INSERT INTO sync_jobs (workspace_id, connection_id, mode, phase, status, started_at, items_estimated)
         VALUES ($1, $2, 'INITIAL', 'RECENT', 'RUNNING', now(), $3) RETURNING id`,
        [run.workspaceId, connections[0]!.id, events * 100],
      );
      const jobId = jobs[0]!.id;
      const fromFleet = (type: FleetMessage['type']) =>
        new Promise<FleetMessage>((done, fail) => {
          const onMessage = (message: FleetMessage) => {
            if (message.type === 'error') fail(new Error(message.message));
            if (message.type === type) {
              fleet.off('message', onMessage);
              done(message);
            }
          };
          fleet.on('message', onMessage);
          fleet.once('exit', (code) => fail(new Error(`subscriber fleet exited (${code})`)));
        });
      let started = performance.now();
      const ready = fromFleet('ready');
      fleet.send({
        url: run.apiUrl,
        key: run.key,
        jobId: Buffer.from(`SyncJob:${jobId}`).toString('base64'),
        subscribers,
      } satisfies FleetStart);
      await ready;
      const connectS = (performance.now() - started) / 1000;
      const committedAt: number[] = [];
      for (let seq = 0; seq < events; seq++) {
        const client = await run.pool.connect();
        try {
          await client.query('BEGIN');
          await client.query(
            `UPDATE sync_jobs SET items_processed = $2, inserted = $2, current_activity = 'Reading ads' WHERE id = $1`,
            [jobId, (seq + 1) * 100],
          );
          await recordEvent(client, {
            workspaceId: run.workspaceId,
            jobId,
            kind: 'PROGRESS',
            message: `bench ${seq}`,
          });
          committedAt[seq] = now(); // stamped as COMMIT is sent: latency includes the commit
          await client.query('COMMIT');
        } finally {
          client.release();
        }
        await sleep(100);
      }
      started = performance.now();
      const collected = fromFleet('arrivals');
      fleet.send({ type: 'collect', lastSeq: events - 1, waitMs: 10_000 } satisfies FleetCollect);
      const { arrivals, dropped } = (await collected) as Extract<
        FleetMessage,
        { type: 'arrivals' }
      >;
      const latencies: number[] = [];
      let missed = 0;
      for (const got of arrivals) {
        for (let seq = 0; seq < events; seq++) {
          const at = got[seq];
          if (at === undefined) missed++;
          else latencies.push(at - committedAt[seq]!);
        }
      }
      const sorted = [...latencies].sort((a, b) => a - b);
      return {
        values: {
          p50_ms: percentile(sorted, 50),
          p99_ms: percentile(sorted, 99),
          max_ms: sorted.at(-1) ?? Number.NaN,
          missed,
          dropped,
          connect_s: connectS,
          subscribers,
          events,
        },
        series: { latencies: { [`commit → ${subscribers} subscribers`]: latencies } },
      };
    } finally {
      if (fleet.exitCode === null) fleet.kill('SIGTERM');
      await run.close();
    }
  },
};
