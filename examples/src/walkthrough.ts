// docs/integrators.md step by step: authenticate, discover streams, connect a sandbox
// mailbox, run its INITIAL sync while following it live (and hear of its end by a verified
// webhook), read it with keyset paging, then read exactly what an INCREMENTAL sync changed
// from the change feed.
import { type Api, graphql, subscriptions } from './api.ts';
import { connect } from './connect.ts';
import { type Mirror, readChanges, readStream } from './records.ts';
import { changeSandboxMailbox } from './sandbox.ts';
import { streamsOf } from './streams.ts';
import { followSync, type ProgressEvent, startSync } from './sync.ts';
import { DELIVERIES, receiveWebhooks } from './webhooks/receiver.ts';

export type WalkthroughOptions = {
  api: Api;
  /** The provider sandbox (the start command prints it): changes mail between the two syncs. */
  sandboxUrl?: string | undefined;
  /** The sandbox mailbox to connect (the demo workspace's is user_3001). */
  accountId?: string;
  log?: (line: string) => void;
};

export type WalkthroughResult = {
  connectionId: string;
  /** Records read after the INITIAL sync. */
  initialCount: number;
  changes: { upserted: number; deleted: number };
  /** The copy of the `messages` stream, kept current through the change feed. */
  mirror: Mirror;
};

const PROVIDER = 'MICROSOFT_MAIL';
const STREAM = 'messages';

export async function runWalkthrough(options: WalkthroughOptions): Promise<WalkthroughResult> {
  const { api, log = console.log } = options;
  const accountId = options.accountId ?? 'user_3001';
  const ws = subscriptions(api);
  // 0. A webhook receiver: verified deliveries when a sync job finishes.
  const hooks = await receiveWebhooks(api, ['sync.job.finished']);
  try {
    // 1. Streams: the names to read, and what a record's data holds.
    const streams = await streamsOf(api, PROVIDER);
    log(`${PROVIDER} streams: ${streams.map((s) => `${s.name} (key ${s.primaryKey})`).join(', ')}`);
    if (!streams.some((s) => s.name === STREAM)) throw new Error(`no ${STREAM} stream`);

    // 2. A sandbox connection; connecting again answers the typed AlreadyConnectedError,
    // which carries the same connection.
    const { connectionId, created } = await connect(api, PROVIDER, accountId);
    log(`${created ? 'connected' : 'already connected'} ${accountId}: ${connectionId}`);
    const again = await connect(api, PROVIDER, accountId);
    if (again.created || again.connectionId !== connectionId) {
      throw new Error(`connecting ${accountId} twice gave ${again.connectionId}`);
    }
    log('connecting again answered ALREADY_CONNECTED with the same connection');

    // 3. The INITIAL sync (RECENT, then HISTORICAL), followed live to its end; its last
    // phase's end also comes as a signed webhook.
    const lastPhase = await syncToEnd(api, ws, connectionId, 'INITIAL', log);
    const finished = await hooks.next(
      (e) => e.type === 'sync.job.finished' && e.data.jobId === lastPhase,
    );
    log(`webhook ${finished.type}: ${finished.data.phase} ${finished.data.status} (verified)`);
    const { webhookDeliveries } = await graphql<{
      webhookDeliveries: { edges: { node: { eventType: string; attempts: number } }[] };
    }>(api, DELIVERIES, { state: ['DELIVERED'] });
    log(`webhook log: ${webhookDeliveries.edges.length} delivered`);

    // 4. The whole stream, page by page; keep the cursor the change feed starts from.
    const mirror: Mirror = new Map();
    const cursor = await readStream(api, connectionId, STREAM, mirror);
    const initialCount = mirror.size;
    log(`read ${initialCount} ${STREAM}`);

    // 5. Something changes at the provider (here: the sandbox), an INCREMENTAL sync brings
    // it, and the change feed says exactly what changed.
    if (options.sandboxUrl) {
      await changeSandboxMailbox(options.sandboxUrl, accountId, { add: 3, update: 2, remove: 1 });
      log('changed the sandbox mailbox: 3 new, 2 updated, 1 deleted');
    }
    await syncToEnd(api, ws, connectionId, 'INCREMENTAL', log);
    const changes = await readChanges(api, connectionId, STREAM, cursor, mirror);
    log(
      `change feed: ${changes.upserted} upserted, ${changes.deleted} deleted; ${mirror.size} now`,
    );

    return {
      connectionId,
      initialCount,
      changes: { upserted: changes.upserted, deleted: changes.deleted },
      mirror,
    };
  } finally {
    await ws.dispose();
    await hooks.close();
  }
}

async function syncToEnd(
  api: Api,
  ws: ReturnType<typeof subscriptions>,
  connectionId: string,
  mode: 'INITIAL' | 'INCREMENTAL',
  log: (line: string) => void,
): Promise<string> {
  const jobId = await startSync(api, connectionId, mode);
  let lastPercent = -1;
  const final = await followSync(ws, jobId, (event: ProgressEvent) => {
    const percent = Math.floor(event.job.progress.percent / 25) * 25;
    if (event.kind !== 'PROGRESS' || percent !== lastPercent) {
      log(
        `${mode} ${event.job.phase} ${event.job.status} ${event.kind} ${event.job.progress.percent.toFixed(0)}%`,
      );
    }
    lastPercent = percent;
  });
  if (final.job.status !== 'SUCCEEDED') {
    throw new Error(`${mode} sync ended ${final.job.status}: ${final.job.error ?? final.message}`);
  }
  return final.job.id;
}
