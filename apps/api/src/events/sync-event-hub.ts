import { nextRetryDelay } from '@tributary/core';
import { API_KEY_REVOKED_CHANNEL, type Pool, SYNC_EVENTS_CHANNEL } from '@tributary/db';
import pg from 'pg';
import type { Logger } from 'pino';
import { listActiveJobs, loadJobSnapshot } from '../data/jobs.ts';
import type { SyncJobRow } from '../data/rows.ts';
import { SubscriberQueue } from './subscriber-queue.ts';

/** What the worker sends with pg_notify on SYNC_EVENTS_CHANNEL. */
type SyncNotification = {
  workspaceId: string;
  jobId: string;
  kind: string;
  message: string | null;
  chunkId: string | null;
  at: string;
};

export type SyncProgressEventShape = {
  job: SyncJobRow;
  kind: string;
  message: string | null;
  chunkId: string | null;
  at: Date;
  /** A state pushed by the hub itself (on subscribing, after a reconnect), not a job event. */
  snapshot?: boolean;
};

type Subscription = {
  workspaceId: string;
  jobId: string | null;
  queue: SubscriberQueue<SyncProgressEventShape>;
};

/** LISTEN reconnects: up to 0.5 s, 1 s, 2 s … capped at 10 s, with jitter. */
const RECONNECT_BACKOFF = { maxAttempts: 1, baseMs: 500, maxMs: 10_000, factor: 2 };

function parseNotification(payload: string | undefined): SyncNotification | null {
  try {
    const value = JSON.parse(payload ?? '') as Partial<SyncNotification>;
    if (
      typeof value.workspaceId !== 'string' ||
      typeof value.jobId !== 'string' ||
      typeof value.kind !== 'string'
    ) {
      return null;
    }
    return {
      workspaceId: value.workspaceId,
      jobId: value.jobId,
      kind: value.kind,
      message: typeof value.message === 'string' ? value.message : null,
      chunkId: typeof value.chunkId === 'string' ? value.chunkId : null,
      at: typeof value.at === 'string' ? value.at : new Date().toISOString(),
    };
  } catch {
    return null;
  }
}

/**
 * One LISTEN connection per API process, fanned out to every subscriber. Each notification
 * loads the job's current state once, whatever the number of subscribers watching it.
 */
export class SyncEventHub {
  private client: pg.Client | null = null;
  private closing = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectAttempt = 0;
  private readonly subscriptions = new Set<Subscription>();
  /** The same subscriptions by workspace: a notification only ever concerns one workspace. */
  private readonly byWorkspace = new Map<string, Set<Subscription>>();
  private readonly revokeListeners = new Set<(apiKeyId: string) => void>();
  private readonly reconnectListeners = new Set<() => void | Promise<void>>();

  constructor(private readonly options: { databaseUrl: string; pool: Pool; logger: Logger }) {}

  async start(): Promise<void> {
    await this.listen();
  }

  /**
   * Connects a client LISTENing on both channels and makes it the hub's; once it is, a lost
   * connection schedules a reconnect. It becomes the hub's in the same tick as its LISTEN
   * answers, so no 'error' or 'end' event can fall between the two.
   */
  private async listen(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl });
    client.on('notification', (message) => this.dispatch(message.channel, message.payload));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${SYNC_EVENTS_CHANNEL}; LISTEN ${API_KEY_REVOKED_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    this.client = client;
    return client;
  }

  private lost(client: pg.Client, error?: Error) {
    if (this.closing || this.client !== client) return;
    this.options.logger.warn({ err: error }, 'event listener connection lost; reconnecting');
    this.client = null;
    client.end().catch(() => {});
    this.scheduleReconnect();
  }

  /** Retries with growing waits while the database is down (a restart takes seconds). */
  private scheduleReconnect() {
    if (this.closing || this.reconnectTimer) return;
    this.reconnectAttempt += 1;
    const delay = 100 + nextRetryDelay(RECONNECT_BACKOFF, this.reconnectAttempt);
    this.reconnectTimer = setTimeout(async () => {
      this.reconnectTimer = null;
      let client: pg.Client;
      try {
        client = await this.listen();
      } catch {
        this.scheduleReconnect();
        return;
      }
      if (this.closing) {
        this.client = null;
        await client.end().catch(() => {});
        return;
      }
      this.reconnectAttempt = 0;
      this.options.logger.info('event listener reconnected');
      // Events were missed while disconnected: refresh every watcher, re-check every key.
      for (const subscription of this.subscriptions) {
        if (subscription.jobId) this.pushSnapshot(subscription, subscription.jobId);
      }
      for (const listener of this.reconnectListeners) {
        // The database may go away again mid-check: a listener's failure must not crash.
        Promise.resolve()
          .then(listener)
          .catch((err: unknown) => this.options.logger.warn({ err }, 'reconnect check failed'));
      }
    }, delay);
  }

  private dispatch(channel: string, payload: string | undefined) {
    if (channel === API_KEY_REVOKED_CHANNEL) {
      if (payload) for (const listener of this.revokeListeners) listener(payload);
      return;
    }
    const event = parseNotification(payload);
    if (!event) {
      this.options.logger.warn({ channel }, 'ignored a malformed sync notification');
      return;
    }
    const watchers = this.byWorkspace.get(event.workspaceId);
    if (!watchers) return;
    // One load and one event object for every subscriber: the API's subscribe executes a
    // given event once per distinct operation (shared-subscribe.ts), keyed by this object.
    let shared: Promise<SyncProgressEventShape[]> | null = null;
    for (const subscription of watchers) {
      if (subscription.jobId && subscription.jobId !== event.jobId) continue;
      shared ??= loadJobSnapshot(this.options.pool, event.workspaceId, event.jobId).then(
        (job) =>
          job
            ? [
                {
                  job,
                  kind: event.kind,
                  message: event.message,
                  chunkId: event.chunkId,
                  at: new Date(event.at),
                },
              ]
            : [],
        (error: unknown) => {
          this.options.logger.warn({ err: error, jobId: event.jobId }, 'could not load a job');
          return [];
        },
      );
      subscription.queue.push(shared);
    }
  }

  private pushSnapshot(subscription: Subscription, jobId: string) {
    subscription.queue.push(
      loadJobSnapshot(this.options.pool, subscription.workspaceId, jobId).then((job) =>
        job
          ? [
              {
                job,
                kind: 'PROGRESS',
                message: null,
                chunkId: null,
                at: new Date(),
                snapshot: true,
              },
            ]
          : [],
      ),
    );
  }

  /**
   * Events of one job (`jobId`) or of the whole workspace. The first event is the current
   * state (of the job, or of every unfinished job), so a late subscriber starts up to date.
   */
  subscribe(filter: {
    workspaceId: string;
    jobId?: string | null;
  }): AsyncIterableIterator<SyncProgressEventShape> {
    const subscription: Subscription = {
      workspaceId: filter.workspaceId,
      jobId: filter.jobId ?? null,
      queue: new SubscriberQueue(() => this.remove(subscription)),
    };
    // The snapshot is queued before any notification can be, so it always comes first.
    if (subscription.jobId) {
      this.pushSnapshot(subscription, subscription.jobId);
    } else {
      subscription.queue.push(
        listActiveJobs(this.options.pool, filter.workspaceId).then(async (jobs) => {
          const snapshots = await Promise.all(
            jobs.map((job) => loadJobSnapshot(this.options.pool, filter.workspaceId, job.id)),
          );
          return snapshots
            .filter((job): job is SyncJobRow => job !== null)
            .map((job) => ({
              job,
              kind: 'PROGRESS',
              message: null,
              chunkId: null,
              at: new Date(),
            }));
        }),
      );
    }
    this.subscriptions.add(subscription);
    const watchers = this.byWorkspace.get(subscription.workspaceId) ?? new Set<Subscription>();
    this.byWorkspace.set(subscription.workspaceId, watchers);
    watchers.add(subscription);
    return subscription.queue;
  }

  private remove(subscription: Subscription) {
    this.subscriptions.delete(subscription);
    const watchers = this.byWorkspace.get(subscription.workspaceId);
    watchers?.delete(subscription);
    if (watchers?.size === 0) this.byWorkspace.delete(subscription.workspaceId);
  }

  get subscriberCount(): number {
    return this.subscriptions.size;
  }

  onApiKeyRevoked(listener: (apiKeyId: string) => void): () => void {
    this.revokeListeners.add(listener);
    return () => this.revokeListeners.delete(listener);
  }

  onReconnect(listener: () => void | Promise<void>): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const subscription of [...this.subscriptions]) await subscription.queue.return();
    await this.client?.end().catch(() => {});
    this.client = null;
  }
}
