import type { Pool } from '@tributary/db';

/** One normalised statement's share of a pass, from pg_stat_statements. */
export type StatementCost = {
  query: string;
  calls: number;
  /** Execution time summed over calls: CPU and waits (locks, I/O) alike. */
  totalMs: number;
};

/** Forgets what the cluster's statements cost so far (needs `--profile-sql`). */
export async function resetStatementStats(pool: Pool): Promise<void> {
  await pool.query('SELECT pg_stat_statements_reset()');
}

/**
 * The costliest statements of this database since the last reset, nested ones (in functions
 * and triggers) not counted apart: pg_stat_statements' default `track = top`.
 */
export async function topStatements(pool: Pool, limit = 6): Promise<StatementCost[]> {
  const { rows } = await pool.query<{ query: string; calls: number; total_ms: number }>(
    `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query, calls::int,
            total_exec_time AS total_ms
       FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      ORDER BY total_exec_time DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ query: r.query, calls: r.calls, totalMs: r.total_ms }));
}

/** `1,234 ms in 425 calls (2.9 ms each): INSERT INTO records …` per statement, for notes. */
export function formatStatements(costs: StatementCost[]): string[] {
  return costs.map(
    (c) =>
      `${Math.round(c.totalMs).toLocaleString('en-US')} ms in ${c.calls.toLocaleString('en-US')} calls (${(c.totalMs / Math.max(1, c.calls)).toFixed(2)} ms each): ${c.query}`,
  );
}
