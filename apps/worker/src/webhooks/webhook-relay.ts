import {
  announceStalledJobs,
  dispatchWebhookEvents,
  type Pool,
  type QueueSender,
  requeueStrandedDeliveries,
  WEBHOOK_EVENTS_CHANNEL,
} from '@tributary/db';
import pg from 'pg';
import type { Logger } from 'pino';
import type { WebhookConfig } from './webhook-config.ts';

/**
 * Moves outbox events to the delivery queue. A LISTEN wakes it as soon as a transaction that
 * wrote an event commits; the maintenance pass runs it too, so events written while the
 * listener was down (a database restart) still go out.
 */
export class WebhookRelay {
  private listener: pg.Client | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(
    private readonly deps: {
      databaseUrl: string;
      pool: Pool;
      queue: QueueSender;
      config: WebhookConfig;
      logger: Logger;
    },
  ) {}

  async start(): Promise<void> {
    await this.listen().catch((error: unknown) =>
      this.deps.logger.warn({ err: error }, 'webhook listener failed to start; polling instead'),
    );
    this.kick();
  }

  /** Dispatch now (coalesced: one run at a time, one more if asked meanwhile). */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        while ((await dispatchWebhookEvents(this.deps.pool, this.deps.queue)) > 0) {}
      } while (this.again && !this.closed);
    })()
      .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'webhook dispatch failed'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** The maintenance pass: stalls, the outbox, attempts whose queue job was lost. */
  async maintain(): Promise<void> {
    if (!this.listener && !this.closed) await this.listen().catch(() => {});
    await announceStalledJobs(this.deps.pool, this.deps.config.stallMs);
    await this.kick();
    await requeueStrandedDeliveries(
      this.deps.pool,
      this.deps.queue,
      Math.max(this.deps.config.timeoutMs * 2, 60_000),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.running;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => {});
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.deps.databaseUrl });
    client.on('error', () => {
      // The database went away: the maintenance pass connects again.
      if (this.listener === client) this.listener = null;
      client.end().catch(() => {});
    });
    client.on('notification', () => {
      if (!this.closed) void this.kick();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${WEBHOOK_EVENTS_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (this.closed) {
      await client.end();
      return;
    }
    this.listener = client;
  }
}
