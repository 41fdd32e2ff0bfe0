import type { Queryable } from '../pool.ts';

export type MetricsSnapshot = {
  jobs: { status: string; n: number }[];
  chunks: { status: string; n: number }[];
  /** Records the retained jobs wrote, by kind (finished jobs are dropped after retention). */
  records: { inserted: number; updated: number; unchanged: number; deleted: number };
  /** Jobs ready to run (created or retrying, start time passed) and how long the oldest waited. */
  queues: { name: string; depth: number; lagSeconds: number }[];
};

/**
 * The system's state as Prometheus gauges read it: from the database, so every API and worker
 * process reports the same numbers whichever of them is scraped. Four grouped counts, cheap
 * enough for a scrape every few seconds.
 */
export async function readMetricsSnapshot(db: Queryable): Promise<MetricsSnapshot> {
  const [jobs, chunks, records, queues] = await Promise.all([
    db.query<{ status: string; n: number }>(
      'SELECT status::text AS status, count(*)::int AS n FROM sync_jobs GROUP BY status',
    ),
    db.query<{ status: string; n: number }>(
      'SELECT status::text AS status, count(*)::int AS n FROM sync_chunks GROUP BY status',
    ),
    db.query<MetricsSnapshot['records']>(
      `SELECT COALESCE(sum(inserted), 0)::float8 AS inserted, COALESCE(sum(updated), 0)::float8 AS updated,
              COALESCE(sum(unchanged), 0)::float8 AS unchanged, COALESCE(sum(deleted), 0)::float8 AS deleted
         FROM sync_jobs`,
    ),
    db.query<{ name: string; depth: number; lag: number }>(
      `SELECT name, count(*)::int AS depth,
              COALESCE(extract(epoch FROM now() - min(created_on)), 0)::float8 AS lag
         FROM pgboss.job WHERE state IN ('created', 'retry') AND start_after <= now()
        GROUP BY name`,
    ),
  ]);
  return {
    jobs: jobs.rows,
    chunks: chunks.rows,
    records: records.rows[0]!,
    queues: queues.rows.map((q) => ({ name: q.name, depth: q.depth, lagSeconds: q.lag })),
  };
}
