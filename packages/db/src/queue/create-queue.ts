import { PgBoss } from 'pg-boss';
import {
  QUEUE_NAMES,
  type QueueName,
  type QueuePayloads,
  type QueueSender,
  type QueueTransaction,
  type SendOptions,
} from './queues.ts';

export type Queue = QueueSender & {
  readonly boss: PgBoss;
  start(): Promise<void>;
  stop(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
};

/**
 * pg-boss's own retries, where a queue wants them: sync work retries through our attempts and
 * checkpoints, but a purge has no other driver, so pg-boss retries it (a killed worker's job
 * expires and runs again) with growing waits.
 */
const QUEUE_POLICY: Partial<Record<QueueName, Record<string, unknown>>> = {
  'connection-purge': {
    retryLimit: 50,
    retryDelay: 5,
    retryBackoff: true,
    retryDelayMax: 600,
    expireInSeconds: 900,
  },
};

/**
 * pg-boss configured for low latency: LISTEN/NOTIFY wakes workers (queues created with
 * `notify: true`), so a job is picked up in milliseconds instead of a polling interval.
 * Chunk retries are ours (attempts, backoff, checkpoints), so pg-boss never retries.
 */
export function createQueue(
  databaseUrl: string,
  options: {
    supervise?: boolean;
    schedule?: boolean;
    /**
     * pg-boss reports connection failures (a database restart) as 'error' events; unheard they
     * would crash the process. It keeps polling and reconnects by itself; this only reports.
     */
    onError?: (error: Error) => void;
  } = {},
): Queue {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    useListenNotify: true,
    supervise: options.supervise ?? false,
    // Workers run pg-boss's cron (one job per occurrence across every process); the API doesn't.
    schedule: options.schedule ?? false,
    max: 4,
  });
  boss.on('error', options.onError ?? (() => {}));
  return {
    boss,
    async start() {
      await boss.start();
      for (const name of QUEUE_NAMES) {
        if (!(await boss.getQueue(name))) {
          await boss
            .createQueue(name, {
              notify: true,
              retryLimit: 0,
              expireInSeconds: 3600,
              ...QUEUE_POLICY[name],
            })
            .catch(async (error: unknown) => {
              // Another process created it between our check and create.
              if (!(await boss.getQueue(name))) throw error;
            });
        }
      }
    },
    stop: (stopOptions) =>
      boss.stop({
        graceful: stopOptions?.graceful ?? true,
        timeout: stopOptions?.timeoutMs ?? 10_000,
      }),
    async send<Q extends QueueName>(
      queue: Q,
      payload: QueuePayloads[Q],
      sendOptions: SendOptions = {},
      transaction?: QueueTransaction,
    ) {
      await boss.send(queue, payload, {
        ...jobOptions(sendOptions),
        ...(transaction ? { db: asDb(transaction) } : {}),
      });
    },
    async sendMany<Q extends QueueName>(
      queue: Q,
      jobs: { payload: QueuePayloads[Q]; options?: SendOptions }[],
      transaction?: QueueTransaction,
    ) {
      if (jobs.length === 0) return;
      // Each job takes the queue's policy (no pg-boss retries, expiry), as send()'s jobs do.
      await boss.insert(
        queue,
        jobs.map((job) => ({ data: job.payload, ...jobOptions(job.options ?? {}) })),
        transaction ? { db: asDb(transaction) } : {},
      );
    },
  };
}

function jobOptions(options: SendOptions) {
  return {
    ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    ...(options.priority !== undefined ? { priority: options.priority } : {}),
    ...(options.groupId ? { group: { id: options.groupId } } : {}),
  };
}

function asDb(transaction: QueueTransaction) {
  return { executeSql: (text: string, values?: unknown[]) => transaction.query(text, values) };
}
