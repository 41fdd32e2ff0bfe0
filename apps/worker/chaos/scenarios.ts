import type { ChaosEnv } from './chaos-env.ts';

/** What a scenario's disruption may use while a run's syncs are going. */
export type DuringRun = {
  env: ChaosEnv;
  random: () => number;
  /** False once every job of the run has ended: disruptions stop then. */
  running: () => boolean;
  /** The run's base faults, for disruptions that add to them (a timed outage). */
  faults: Record<string, unknown>;
  /** Counts a disruption the sandbox cannot count (SIGKILLs, PostgreSQL restarts). */
  count(kind: string): void;
  /** The run's connections (the database also holds earlier runs'). */
  connectionIds: string[];
};

export type Scenario = {
  name: string;
  /** `PUT /__sandbox/faults` for the whole run, drawn from the run's seed. */
  faults?: (random: () => number) => Record<string, unknown>;
  /** Done to the system while the syncs run. */
  during?: (run: DuringRun) => Promise<void>;
  /**
   * The fault count (sandbox stats or `count`) that shows the disruption met a running sync;
   * the summary reports how many runs it did, so a run that ended before it is not mistaken
   * for one that survived it.
   */
  disruption?: string;
  /**
   * The engine behaviour (issue #13, resil-engine) this scenario waits on. While set, the
   * short CI run leaves the scenario out; delete the line once that behaviour has landed.
   */
  waitsOn?: string;
  /** How long a run may take before it counts as stalled. */
  timeoutMs?: number;
};

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Sleeps up to `ms`, waking early once the run is over. */
async function pause(run: DuringRun, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (run.running() && Date.now() < until) await sleep(Math.min(100, until - Date.now()));
}

/**
 * Until the run's first chunk has committed (or the run is over): disruptions start from there,
 * so they meet a sync in flight however fast the engine has become (fixed delays from the
 * start began missing syncs that now finish in about a second).
 */
async function recordsLanded(run: DuringRun): Promise<void> {
  while (run.running()) {
    const { rows } = await run.env.pool
      .query(
        "SELECT 1 FROM sync_chunks WHERE connection_id = ANY($1::uuid[]) AND status = 'SUCCEEDED' LIMIT 1",
        [run.connectionIds],
      )
      .catch(() => ({ rows: [] }));
    if (rows.length > 0) return;
    await sleep(50);
  }
}

/** Once records land, within 0.5 s: a total outage of `ms` (every call a 5xx) on top of the base faults. */
const outage = (ms: number) => async (run: DuringRun) => {
  await recordsLanded(run);
  await pause(run, run.random() * 500);
  if (!run.running()) return;
  await run.env.admin.setFaults({ ...run.faults, outageMs: ms });
};

export const SCENARIOS: Scenario[] = [
  {
    name: 'sigkill-worker',
    // A worker SIGKILLed 0.2–1 s apart once records land (a replacement starts; the other
    // keeps running), until the syncs end.
    disruption: 'sigkill',
    during: async (run) => {
      await recordsLanded(run);
      for (;;) {
        await pause(run, 200 + run.random() * 800);
        if (!run.running()) return;
        if (run.env.killWorker(run.random())) run.count('sigkill');
        else await pause(run, 100);
      }
    },
  },
  {
    name: 'postgres-restart',
    // PostgreSQL stopped (57P01 to every session) within 0.5 s of the first records, then again
    // 0.5–3 s after it is back; down 0.5–3 s each time, started on the same data directory and port.
    disruption: 'postgres_restart',
    during: async (run) => {
      await recordsLanded(run);
      for (let i = 0; i < 2; i++) {
        await pause(run, i === 0 ? run.random() * 500 : 500 + run.random() * 2500);
        if (!run.running()) return;
        await run.env.restartPostgres(500 + run.random() * 2500);
        run.count('postgres_restart');
      }
    },
  },
  {
    name: 'dropped-connections',
    faults: () => ({ dropRate: 0.1, resetRate: 0.05 }),
    // 2 of 10 runs: "Planning failed" on a dropped mail folder walk.
  },
  {
    name: '5xx-30',
    faults: () => ({ errorRate: 0.3 }),
  },
  {
    name: 'one-long-response',
    // Each account's first call (planning) answers after 40 s, past the 30 s client timeout.
    faults: () => ({ slowFirst: { requests: 1, delayMs: 40_000 } }),
    timeoutMs: 240_000,
  },
  {
    name: 'timeouts-5',
    faults: () => ({ timeoutRate: 0.05 }),
    timeoutMs: 300_000,
  },
  {
    name: 'malformed-20',
    faults: () => ({ malformedRate: 0.2 }),
  },
  {
    name: 'outage-15s',
    disruption: 'outage',
    during: outage(15_000),
  },
  {
    name: 'rate-limit-lifted',
    // A tight budget until some chunk is RATE_LIMITED (or 8 s), then lifted: the run must end
    // well inside its timeout, not sit out a fixed or compounding wait.
    faults: () => ({ rateLimit: { requests: 12, windowMs: 60_000 } }),
    during: async (run) => {
      const until = Date.now() + 8000;
      while (run.running() && Date.now() < until) {
        const { rows } = await run.env.pool
          .query("SELECT 1 FROM sync_chunks WHERE status = 'RATE_LIMITED' LIMIT 1")
          .catch(() => ({ rows: [] }));
        if (rows.length > 0) break;
        await sleep(200);
      }
      await run.env.admin.clearFaults();
    },
    timeoutMs: 120_000,
  },
  {
    name: 'hostile',
    faults: () => ({
      errorRate: 0.2,
      resetRate: 0.1,
      malformedRate: 0.1,
      timeoutRate: 0.03,
      // 429 bursts: a small budget per short window.
      rateLimit: { requests: 25, windowMs: 5000 },
    }),
    during: outage(60_000),
    disruption: 'outage',
    timeoutMs: 600_000,
  },
];

/**
 * The scenarios of a run: `ready` (default: those waiting on nothing), `all`, or a comma
 * list of names.
 */
export function selectScenarios(selection = 'ready'): Scenario[] {
  if (selection === 'all') return SCENARIOS;
  if (selection === 'ready') return SCENARIOS.filter((s) => !s.waitsOn);
  const names = selection.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `unknown chaos scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`,
    );
  }
  return SCENARIOS.filter((s) => names.includes(s.name));
}
