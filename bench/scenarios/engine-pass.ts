import type { ProviderId } from '@tributary/core';
import type { RunEnv } from '../harness/bench-system.ts';
import { type CpuSnapshot, cpuDelta, cpuSnapshot } from '../harness/process-tree.ts';
import type { LoggedRequest } from '../harness/sandbox-process.ts';
import {
  resetStatementStats,
  type StatementCost,
  topStatements,
} from '../harness/statement-profile.ts';
import {
  type Connection,
  connect,
  startSync,
  storedRecords,
  watchSyncs,
} from '../harness/sync-driver.ts';

export type EnginePass = {
  connections: Connection[];
  wallMs: number;
  firstRecordMs: number | null;
  records: number;
  timeline: [number, number][];
  requests: LoggedRequest[];
  throttled: number;
  cpu: CpuSnapshot;
  /** The pass's costliest SQL statements, with `--profile-sql` only. */
  statements?: StatementCost[];
};

/**
 * INITIAL syncs of the accounts started together over GraphQL, timed until every phase of
 * every one is done, with the provider requests the sandbox served meanwhile and the CPU the
 * run's processes used.
 */
export async function enginePass(
  run: RunEnv,
  accounts: { provider: ProviderId; id: string }[],
): Promise<EnginePass> {
  const connections: Connection[] = [];
  for (const account of accounts)
    connections.push(await connect(run, account.provider, account.id));
  await run.sandbox.clearRequests();
  await run.sandbox.admin.resetStats();
  if (run.profileSql) await resetStatementStats(run.pool);
  const cpu0 = cpuSnapshot();
  const started = performance.now();
  await Promise.all(connections.map((connection) => startSync(run, connection)));
  const watch = await watchSyncs(run, connections, started);
  const cpu = cpuDelta(cpu0, cpuSnapshot());
  const requests = await run.sandbox.requests();
  const stats = await run.sandbox.admin.stats();
  const statements = run.profileSql ? await topStatements(run.pool) : undefined;
  return {
    connections,
    ...watch,
    records: await storedRecords(run, connections),
    requests,
    throttled: stats.throttled,
    cpu,
    ...(statements ? { statements } : {}),
  };
}

/** records/s */
export const perSecond = (records: number, ms: number) => (records * 1000) / ms;

export const cpuTotal = (cpu: CpuSnapshot) => Object.values(cpu).reduce((a, b) => a + b, 0);

/** Records/s in one-second steps from a sampled items timeline. */
export function throughputSeries(timeline: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let last: [number, number] = [0, 0];
  for (const point of timeline) {
    if (point[0] - last[0] < 1000 && point !== timeline.at(-1)) continue;
    const seconds = (point[0] - last[0]) / 1000;
    if (seconds > 0) out.push([point[0] / 1000, (point[1] - last[1]) / seconds]);
    last = point;
  }
  return out;
}

/** Most provider requests in flight at once. */
export function peakConcurrency(requests: LoggedRequest[]): number {
  const edges = requests.flatMap((r) => [
    [r.start, 1],
    [r.end, -1],
  ]);
  edges.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let now = 0;
  let peak = 0;
  for (const [, delta] of edges) {
    now += delta!;
    peak = Math.max(peak, now);
  }
  return peak;
}

export const workerRss = (run: RunEnv) => ({
  worker_idle_mb: Math.max(...run.workers.map((w) => w.idleRss)) / 2 ** 20,
  worker_peak_mb: Math.max(...run.workers.map((w) => w.peakRss())) / 2 ** 20,
});
