import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that runs a query: a pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

// BIGINT (int8) and NUMERIC come back as strings by default; counts here fit in a double.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export type PoolOptions = {
  /**
   * `synchronous_commit = off` for this pool's sessions: a commit returns before its WAL is
   * flushed. Transactions stay atomic and ordered; a PostgreSQL crash (not a client crash) may
   * lose the last few hundred milliseconds of commits. The engine opts in because its every
   * commit is re-derivable: a lost page commit takes its checkpoint with it, so the chunk
   * re-reads that page and the idempotent upsert lands it once (invariant 1 holds).
   */
  asynchronousCommit?: boolean;
};

export function createPool(
  databaseUrl: string,
  max = 10,
  { asynchronousCommit = false }: PoolOptions = {},
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    ...(asynchronousCommit ? { options: '-c synchronous_commit=off' } : {}),
  });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => {});
  // pg-pool takes its own 'error' listener off a client while it is checked out, so a
  // connection that drops inside a transaction (PostgreSQL restarting: 57P01) would be an
  // unhandled 'error' event and kill the process. The failed query rejects anyway, and the
  // pool discards the broken client when it is released.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/** Runs `work` in one transaction; rolls back on any error. */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
