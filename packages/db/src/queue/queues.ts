/** Every queue the system uses, with its payload type. */
export type QueuePayloads = {
  /** Plan a job's chunks (initially, or the fan-out after structure discovery). */
  'sync-plan': { jobId: string };
  /** Run one chunk from its checkpoint. */
  'sync-chunk': { chunkId: string };
  /** pg-boss cron, every minute: start the incremental syncs whose schedule is due. */
  'sync-schedule': Record<string, never>;
  /** pg-boss cron, hourly: delete finished jobs and their events past retention. */
  'sync-retention': Record<string, never>;
  /** Remove a deleted connection's records in batches, then its rows (retried until done). */
  'connection-purge': { workspaceId: string; connectionId: string };
  /** One attempt of one webhook delivery (its own queue: deliveries never wait behind syncs). */
  'webhook-delivery': { deliveryId: string };
};

export type QueueName = keyof QueuePayloads;

export const QUEUE_NAMES: readonly QueueName[] = [
  'sync-plan',
  'sync-chunk',
  'sync-schedule',
  'sync-retention',
  'connection-purge',
  'webhook-delivery',
];

export type SendOptions = {
  startAfter?: Date;
  /** Higher runs first (RECENT before HISTORICAL, newer windows first). */
  priority?: number;
  /** pg-boss group: the connection, so a per-connection concurrency limit applies across workers. */
  groupId?: string;
};

/** Where a send runs: the caller's transaction, so rows and queue jobs commit together. */
export type QueueTransaction = {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
};

/** What the control functions need from the queue: send, optionally inside a transaction. */
export interface QueueSender {
  send<Q extends QueueName>(
    queue: Q,
    payload: QueuePayloads[Q],
    options?: SendOptions,
    transaction?: QueueTransaction,
  ): Promise<void>;
  /** Many jobs of one queue in one statement (a plan's hundreds of chunks: one round trip). */
  sendMany<Q extends QueueName>(
    queue: Q,
    jobs: { payload: QueuePayloads[Q]; options?: SendOptions }[],
    transaction?: QueueTransaction,
  ): Promise<void>;
}
