// Invariant 8 over the API: during INITIAL syncs at 100 ms provider latency, percent never
// goes backwards within a phase and PROGRESS events carry an ETA once a few seconds of rate
// exist. Real database, sandbox over HTTP, in-process worker; counts only, no timings asserted.
import { randomBytes } from 'node:crypto';
import type { ProviderId } from '@tributary/core';
import { createApiKey, createPool, createWorkspace, type Pool } from '@tributary/db';
import { createTestDatabase, type TestDatabase } from '@tributary/db/testing';
import { type SandboxServer, sandboxAdmin, startSandboxServer } from '@tributary/sandbox';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from '../../worker/src/connectors.ts';
import { type RunningWorker, startWorker } from '../../worker/src/worker.ts';
import { type ApiServer, createApiServer } from '../src/server.ts';
import { type GraphqlClient, graphqlClient, type Recording, record } from './graphql-client.ts';
import { createSandboxConnection, startInitialSync, TERMINAL } from './sync-api.ts';

const ACCOUNTS = [
  { provider: 'FACEBOOK_ADS', id: 'act_77', campaigns: 60, adsets: 150, ads: 300, ageDays: 200 },
  { provider: 'FACEBOOK_PAGES', id: 'page_77', conversations: 3000, ageDays: 200 },
  { provider: 'MICROSOFT_MAIL', id: 'user_77', messages: 15000, ageDays: 200 },
] as const;

/** Events this long after a phase starts running must carry an ETA. */
const RATE_WARMUP_MS = 5_000;

const PROGRESS_EVENTS = `subscription($jobId: ID!) { syncProgress(jobId: $jobId) {
  kind at job { id phase status startedAt
    progress { percent itemsProcessed itemsEstimated etaSeconds finishesAt throughputPerSecond } } } }`;

type Event = {
  syncProgress: {
    kind: string;
    at: string;
    job: {
      id: string;
      phase: string;
      status: string;
      startedAt: string | null;
      progress: {
        percent: number;
        itemsProcessed: number;
        itemsEstimated: number | null;
        etaSeconds: number | null;
        finishesAt: string | null;
      };
    };
  };
};

let db: TestDatabase;
let pool: Pool;
let sandbox: SandboxServer;
let api: ApiServer;
let worker: RunningWorker | null = null;
let client: GraphqlClient;
const secretKey = randomBytes(32);
const silent = pino({ level: 'silent' });
const phases: { provider: string; recording: Recording<Event> }[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, 2);
  sandbox = await startSandboxServer({ port: 0 });
  const admin = sandboxAdmin(sandbox.url);
  await admin.reset({ accounts: ACCOUNTS as never });
  await admin.setFaults({ latencyMs: 100 });
  api = await createApiServer({ databaseUrl: db.url, port: 0, secretKey, logger: silent });
  const workspace = await createWorkspace(pool, { name: 'eta' });
  const { key } = await createApiKey(pool, { workspaceId: workspace.id, name: 'eta' });
  client = graphqlClient(api.url, key);

  for (const account of ACCOUNTS) {
    const connectionId = await createSandboxConnection(
      client,
      account.provider as ProviderId,
      account.id,
    );
    const { recentId, historicalId } = await startInitialSync(client, connectionId);
    for (const jobId of [recentId, historicalId]) {
      const recording = record<Event>(client.ws, PROGRESS_EVENTS, { jobId });
      await recording.until((events) => events.length > 0);
      phases.push({ provider: account.provider, recording });
    }
  }
  worker = await startWorker({
    databaseUrl: db.url,
    secretKey,
    connectors,
    concurrency: 4,
    maintenanceIntervalMs: 200,
    logger: silent,
    config: { sandboxUrl: sandbox.url, leaseMs: 3000 },
  });
  for (const { recording } of phases) {
    await recording.until((events) =>
      events.some((e) => TERMINAL.includes(e.syncProgress.job.status)),
    );
  }
}, 600_000);

afterAll(async () => {
  for (const { recording } of phases) recording.stop();
  await client?.close();
  await worker?.stop();
  await api?.close();
  await sandbox?.close();
  await pool?.end();
  await db?.drop();
});

const eventsOf = (recording: Recording<Event>) => recording.events.map((e) => e.syncProgress);

describe('progress during INITIAL syncs at 100 ms provider latency', () => {
  it('ends every phase SUCCEEDED at 100 %', () => {
    for (const { provider, recording } of phases) {
      const last = eventsOf(recording).at(-1)!;
      expect([provider, last.job.phase, last.job.status, last.job.progress.percent]).toEqual([
        provider,
        last.job.phase,
        'SUCCEEDED',
        100,
      ]);
    }
  });

  it('never moves percent backwards within a phase', () => {
    for (const { provider, recording } of phases) {
      const percents = eventsOf(recording).map((e) => e.job.progress.percent);
      const backwards = percents.filter((p, i) => i > 0 && p < percents[i - 1]!);
      expect({ provider, backwards }).toEqual({ provider, backwards: [] });
    }
  });

  it('carries an ETA in at least 90 % of PROGRESS events after the first 5 s of a phase', () => {
    let late = 0;
    let withEta = 0;
    const perPhase: string[] = [];
    for (const { provider, recording } of phases) {
      const running = eventsOf(recording).filter(
        (e) => e.kind === 'PROGRESS' && e.job.status === 'RUNNING' && e.job.startedAt,
      );
      const after = running.filter(
        (e) => Date.parse(e.at) - Date.parse(e.job.startedAt!) >= RATE_WARMUP_MS,
      );
      const eta = after.filter((e) => e.job.progress.etaSeconds !== null);
      late += after.length;
      withEta += eta.length;
      perPhase.push(`${provider} ${running[0]?.job.phase}: ${eta.length}/${after.length}`);
      // An ETA always comes with the finishing time it implies.
      for (const e of eta) expect(e.job.progress.finishesAt).not.toBeNull();
    }
    console.log(`PROGRESS events with an ETA after 5 s: ${perPhase.join(', ')}`);
    // Enough events for the share to mean something.
    expect(late).toBeGreaterThanOrEqual(20);
    expect(withEta / late).toBeGreaterThanOrEqual(0.9);
  });
});
