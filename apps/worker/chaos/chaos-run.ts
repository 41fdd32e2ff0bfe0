import { type ProviderId, recordsDigest } from '@tributary/core';
import { sealCredentials, startSync } from '@tributary/db';
import { seededRandom } from '@tributary/sandbox';
import type { ChaosEnv } from './chaos-env.ts';
import type { Scenario } from './scenarios.ts';

export const STREAMS: Record<ProviderId, string[]> = {
  FACEBOOK_ADS: ['campaigns', 'adsets', 'ads', 'ad_insights_daily'],
  FACEBOOK_PAGES: ['conversations', 'messages', 'interaction_events'],
  MICROSOFT_MAIL: ['mail_folders', 'messages'],
};

/** Small accounts: a run is seconds when nothing goes wrong, so faults dominate its time. */
function accountsFor(index: number) {
  const n = 7000 + index;
  return [
    { provider: 'FACEBOOK_ADS', id: `act_${n}`, campaigns: 6, adsets: 12, ads: 24, ageDays: 240 },
    { provider: 'FACEBOOK_PAGES', id: `page_${n}`, conversations: 40, ageDays: 240 },
    { provider: 'MICROSOFT_MAIL', id: `user_${n}`, messages: 300, ageDays: 240 },
  ] as const;
}

export type ProviderOutcome = {
  provider: ProviderId;
  lost: number;
  duplicated: number;
  /** Streams whose content differs from the truth though the counts agree. */
  differing: string[];
  /** Job counters (inserted) minus stored records: must be 0. */
  countersOff: number;
  failedChunks: number;
  /** Job statuses, RECENT then HISTORICAL; anything but SUCCEEDED is a failure here. */
  jobs: string[];
  errors: string[];
};

export type RunOutcome = {
  index: number;
  scenario: string;
  seed: number;
  seconds: number;
  stalled: boolean;
  /** For a stalled run: its unfinished jobs' chunks by status and their last events. */
  stallState: string;
  crashes: number;
  /** The end of the first crashed worker's output (its stack trace). */
  crashOutput: string;
  faults: Record<string, number>;
  providers: ProviderOutcome[];
};

/** True when the run lost, duplicated or failed nothing and every job SUCCEEDED. */
export function isClean(run: RunOutcome): boolean {
  return (
    !run.stalled &&
    run.crashes === 0 &&
    run.providers.every(
      (p) =>
        p.lost === 0 &&
        p.duplicated === 0 &&
        p.differing.length === 0 &&
        p.countersOff === 0 &&
        p.failedChunks === 0 &&
        p.jobs.every((status) => status === 'SUCCEEDED'),
    )
  );
}

/**
 * One run: fresh sandbox accounts (seeded), one connection per provider in a new workspace, an
 * INITIAL sync of each under the scenario's faults and disruptions, then the comparison with
 * `/__sandbox/truth` once every job has ended (faults cleared first).
 */
export async function runScenario(
  env: ChaosEnv,
  scenario: Scenario,
  index: number,
  seed: number,
): Promise<RunOutcome> {
  const random = seededRandom(seed);
  const accounts = accountsFor(index);
  const started = Date.now();
  const crashesBefore = env.crashes.length;
  await env.admin.reset({ seed, accounts: [...accounts] });
  // Some latency so kills and restarts land mid-page.
  const faults = { seed, latencyMs: 30, ...scenario.faults?.(random) };
  const { rows } = await env.pool.query<{ id: string }>(
    'INSERT INTO workspaces (name) VALUES ($1) RETURNING id',
    [`chaos ${index} ${scenario.name}`],
  );
  const workspaceId = rows[0]!.id;
  const connectionIds: string[] = [];
  for (const account of accounts) {
    const inserted = await env.pool.query<{ id: string }>(
      `INSERT INTO connections (workspace_id, provider, external_account_id, display_name, credentials, sandbox)
       VALUES ($1, $2, $3, $3, $4, true) RETURNING id`,
      [
        workspaceId,
        account.provider,
        account.id,
        sealCredentials(env.secretKey, { accessToken: 'chaos-token' }),
      ],
    );
    connectionIds.push(inserted.rows[0]!.id);
  }
  await env.admin.setFaults(faults);
  await env.admin.resetStats();
  for (const connectionId of connectionIds) {
    await startSync(
      { pool: env.pool, queue: env.queue },
      { workspaceId, connectionId, mode: 'INITIAL' },
    );
  }

  let running = true;
  const driverCounts: Record<string, number> = {};
  const disruption = (
    scenario.during?.({
      env,
      random,
      running: () => running,
      faults,
      count: (kind) => {
        driverCounts[kind] = (driverCounts[kind] ?? 0) + 1;
      },
      connectionIds,
    }) ?? Promise.resolve()
  ).catch((error: unknown) => {
    throw new Error(`the ${scenario.name} disruption failed: ${String(error)}`);
  });
  const stalled = !(await settled(env, connectionIds, scenario.timeoutMs ?? 180_000));
  running = false;
  const stallState = stalled ? await describeUnfinished(env, connectionIds) : '';
  await disruption;
  const stats = await env.admin.stats();
  await env.admin.clearFaults();

  const providers: ProviderOutcome[] = [];
  for (const [i, account] of accounts.entries()) {
    providers.push(await measure(env, connectionIds[i]!, account.provider, account.id));
  }
  return {
    index,
    scenario: scenario.name,
    seed,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    stalled,
    stallState,
    crashes: env.crashes.length - crashesBefore,
    crashOutput: env.crashes[crashesBefore]?.output.slice(-2500) ?? '',
    faults: { ...stats.faults, ...driverCounts },
    providers,
  };
}

/** Waits until no job of the connections is unfinished; false on timeout. Rides out a database outage. */
async function settled(env: ChaosEnv, connectionIds: string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const unfinished = await env.pool
      .query<{ n: number }>(
        `SELECT count(*)::int AS n FROM sync_jobs WHERE connection_id = ANY($1::uuid[])
            AND status IN ('PENDING', 'RUNNING', 'CANCELLING')`,
        [connectionIds],
      )
      .then(
        (r) => r.rows[0]!.n,
        () => -1, // the database is restarting
      );
    if (unfinished === 0) return true;
    await new Promise((done) => setTimeout(done, 250));
  }
  return false;
}

async function measure(
  env: ChaosEnv,
  connectionId: string,
  provider: ProviderId,
  accountId: string,
): Promise<ProviderOutcome> {
  let lost = 0;
  let duplicated = 0;
  const differing: string[] = [];
  for (const stream of STREAMS[provider]) {
    const truth = await env.admin.truth(provider, accountId, stream);
    const { rows } = await env.pool.query<{ external_id: string; content_hash: string }>(
      `SELECT external_id, content_hash FROM records
        WHERE connection_id = $1 AND stream = $2 AND deleted_at IS NULL`,
      [connectionId, stream],
    );
    const digest = recordsDigest(
      rows.map((r) => ({ externalId: r.external_id, contentHash: r.content_hash })),
    );
    lost += Math.max(0, truth.count - rows.length);
    duplicated += Math.max(0, rows.length - truth.count);
    if (truth.count === rows.length && truth.digest !== digest) differing.push(stream);
  }
  const counted = await env.pool.query<{ records: number; inserted: number; failed: number }>(
    `SELECT (SELECT count(*)::int FROM records WHERE connection_id = $1) AS records,
            (SELECT coalesce(sum(inserted), 0)::int FROM sync_jobs WHERE connection_id = $1) AS inserted,
            (SELECT count(*)::int FROM sync_chunks WHERE connection_id = $1 AND status = 'FAILED') AS failed`,
    [connectionId],
  );
  const { records, inserted, failed } = counted.rows[0]!;
  // A page counted twice shows as counters above the records (the upsert keeps one row).
  duplicated += Math.max(0, inserted - records);
  const jobs = await env.pool.query<{ status: string; error: string | null }>(
    'SELECT status, error FROM sync_jobs WHERE connection_id = $1 ORDER BY created_at, priority DESC',
    [connectionId],
  );
  return {
    provider,
    lost,
    duplicated,
    differing,
    countersOff: inserted - records,
    failedChunks: failed,
    jobs: jobs.rows.map((j) => j.status),
    errors: jobs.rows.flatMap((j) => (j.error ? [j.error] : [])),
  };
}

async function describeUnfinished(env: ChaosEnv, connectionIds: string[]): Promise<string> {
  const chunks = await env.pool.query(
    `SELECT j.phase, j.status AS job, j.stage, c.status, count(*)::int AS n,
            max(c.attempts)::int AS attempts, bool_or(c.lease_expires_at > now()) AS leased
       FROM sync_jobs j LEFT JOIN sync_chunks c ON c.job_id = j.id
      WHERE j.connection_id = ANY($1::uuid[]) AND j.status IN ('PENDING', 'RUNNING', 'CANCELLING')
      GROUP BY 1, 2, 3, 4`,
    [connectionIds],
  );
  const events = await env.pool.query(
    `SELECT e.kind, e.message FROM sync_events e JOIN sync_jobs j ON j.id = e.job_id
      WHERE j.connection_id = ANY($1::uuid[]) AND j.status IN ('PENDING', 'RUNNING', 'CANCELLING')
      ORDER BY e.id DESC LIMIT 4`,
    [connectionIds],
  );
  return `chunks ${JSON.stringify(chunks.rows)}; last events ${JSON.stringify(events.rows)}`;
}
