import { type Pool, withTransaction } from '../pool.ts';
import type { ClaimedChunk, ConnectionRow } from './chunk-row.ts';
import { nextChunkSql } from './next-chunk.ts';

/** The claim statement's row: the chunk, its connection's columns prefixed `cn_`, the count. */
type ClaimRow = Omit<ClaimedChunk, 'connection'> & {
  running_count: number;
  connection_limit: number | null;
  nothing_to_claim: boolean;
  cn_provider: ConnectionRow['provider'];
  cn_external_account_id: string;
  cn_credentials: Buffer;
  cn_status: string;
  cn_sandbox: boolean;
  cn_account_created_at: Date | null;
};

export type ClaimResult =
  | { claimed: ClaimedChunk }
  /** The connection already runs its limit of chunks under live leases. */
  | { busy: true }
  /**
   * Finished, cancelled, its job is not running, or a live worker holds it; for `nextOf`, the
   * connection has no runnable chunk. The connection (when known) lets a handler continue
   * with that connection's next chunk.
   */
  | { skipped: true; connectionId?: string };

/** A chunk by id, or the most urgent runnable chunk of a connection (a lane's next). */
export type ClaimTarget = string | { nextOf: string };

/**
 * Chunks one connection may run at once: one number for every connection, or one per provider
 * (each provider's documented concurrency; a provider left out is not limited).
 */
export type ConnectionLimit = number | Readonly<Partial<Record<ConnectionRow['provider'], number>>>;

/**
 * Takes the lease on a chunk if it is runnable: PENDING or RATE_LIMITED, or RUNNING with an
 * expired lease (its worker died). At most `connectionLimit` chunks of one connection (the
 * limit of its provider, when given per provider) hold live leases at once, so one account cannot starve the others; counting leases (not queue jobs)
 * means a crashed worker's slot frees as soon as its lease expires.
 *
 * `nextOf` picks and claims in one statement under the connection's claim lock, so two lanes
 * of a connection never race for the same chunk. A lane finishing one chunk claims its
 * successor with `handingOver` while the last page commits: for those milliseconds the
 * connection holds limit + 1 leases, one of them on a chunk that is done reading.
 */
export async function claimChunk(
  pool: Pool,
  target: ClaimTarget,
  owner: string,
  leaseMs: number,
  connectionLimit: ConnectionLimit = Number.POSITIVE_INFINITY,
  /** A chunk of the same connection whose lane takes this one as it finishes: not counted. */
  handingOver: string | null = null,
): Promise<ClaimResult> {
  const limits = limitsJson(connectionLimit);
  const limited = limits !== null;
  const next = typeof target === 'object';
  return withTransaction(pool, async (tx) => {
    let connectionId: string;
    if (next) {
      connectionId = target.nextOf;
      await tx.query({
        name: 'claim-next-lock',
        text: 'SELECT pg_advisory_xact_lock(hashtextextended($1::text, 7))',
        values: [connectionId],
      });
    } else {
      // Serialises claims per connection so the count below cannot be raced past the limit;
      // the count runs in the next statement, whose snapshot is taken after the lock is held.
      // A finished or cancelled chunk (often: one a lane already ran) is skipped here, before
      // taking any lock.
      const found = await tx.query<{ connection_id: string; runnable: boolean }>({
        name: limited ? 'claim-chunk-lock' : 'claim-chunk-target',
        text: `SELECT connection_id, status IN ('PENDING', 'RATE_LIMITED', 'RUNNING') AS runnable${
          limited
            ? `, CASE WHEN status IN ('PENDING', 'RATE_LIMITED', 'RUNNING')
                      THEN pg_advisory_xact_lock(hashtextextended(connection_id::text, 7)) END`
            : ''
        } FROM sync_chunks WHERE id = $1`,
        values: [target],
      });
      const row = found.rows[0];
      if (!row) return { skipped: true };
      connectionId = row.connection_id;
      if (!row.runnable) return { skipped: true, connectionId };
    }
    // The chunk: the one named, or the connection's next one.
    const { rows } = await tx.query<ClaimRow>({
      name: 'claim-chunk',
      text: `WITH target AS (
         SELECT COALESCE($1::uuid, (${nextChunkSql('$4')})) AS id),
       connection_limit AS (
         SELECT COALESCE(($5::jsonb ->> cn.provider::text)::int, ($5::jsonb ->> '*')::int) AS n
           FROM connections cn WHERE cn.id = $4),
       running AS (
         SELECT count(*)::int AS n FROM sync_chunks
          WHERE connection_id = $4 AND status = 'RUNNING' AND lease_expires_at > now()
            AND id IS DISTINCT FROM (SELECT id FROM target)
            AND ($6::uuid IS NULL OR id <> $6::uuid)),
       claimed AS (
         UPDATE sync_chunks c
            SET status = 'RUNNING', lease_owner = $2,
                lease_expires_at = now() + make_interval(secs => $3::double precision / 1000),
                started_at = COALESCE(c.started_at, now()), run_after = NULL, updated_at = now()
           FROM sync_jobs j, connections cn
          WHERE c.id = (SELECT id FROM target) AND j.id = c.job_id AND j.status = 'RUNNING'
            AND cn.id = c.connection_id
            AND ($5::jsonb IS NULL OR (SELECT n FROM connection_limit) IS NULL
                 OR (SELECT n FROM running) < (SELECT n FROM connection_limit))
            AND (c.status IN ('PENDING', 'RATE_LIMITED')
                 OR (c.status = 'RUNNING' AND c.lease_expires_at < now()))
         RETURNING c.*, j.workspace_id, j.mode AS job_mode, j.phase AS job_phase,
                   j.root_job_id AS job_root_id, cn.provider AS cn_provider,
                   cn.external_account_id AS cn_external_account_id,
                   cn.credentials AS cn_credentials, cn.status AS cn_status,
                   cn.sandbox AS cn_sandbox,
                   cn.account_created_at AS cn_account_created_at)
       SELECT claimed.*, (SELECT n FROM running) AS running_count,
              (SELECT n FROM connection_limit) AS connection_limit,
              (SELECT id FROM target) IS NULL AS nothing_to_claim
         FROM (VALUES (1)) AS one LEFT JOIN claimed ON true`,
      values: [next ? null : target, owner, leaseMs, connectionId, limits, handingOver],
    });
    const row = rows[0];
    if (!row?.id) {
      if (row?.nothing_to_claim) return { skipped: true, connectionId };
      const limit = row?.connection_limit ?? null;
      return limited && limit !== null && (row?.running_count ?? 0) >= limit
        ? { busy: true }
        : { skipped: true, connectionId };
    }
    const {
      running_count: _,
      connection_limit: _limit,
      nothing_to_claim: __,
      cn_provider,
      cn_external_account_id,
      cn_credentials,
      cn_status,
      cn_sandbox,
      cn_account_created_at,
      ...chunk
    } = row;
    const connection: ConnectionRow = {
      id: chunk.connection_id,
      workspace_id: chunk.workspace_id,
      provider: cn_provider,
      external_account_id: cn_external_account_id,
      credentials: cn_credentials,
      status: cn_status,
      sandbox: cn_sandbox,
      account_created_at: cn_account_created_at,
    };
    return { claimed: { ...chunk, connection } };
  });
}

/** The limit as the claim statement's JSON (`*` for every provider); null when unlimited. */
function limitsJson(limit: ConnectionLimit): string | null {
  if (typeof limit === 'number') {
    return Number.isFinite(limit) ? JSON.stringify({ '*': limit }) : null;
  }
  const finite = Object.entries(limit).filter(([, n]) => Number.isFinite(n));
  return finite.length > 0 ? JSON.stringify(Object.fromEntries(finite)) : null;
}

/** Extends the lease while a slow page is being fetched; false if the lease was lost. */
export async function renewLease(
  db: Pick<Pool, 'query'>,
  chunkId: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  const result = await db.query(
    `UPDATE sync_chunks
        SET lease_expires_at = now() + make_interval(secs => $3::double precision / 1000)
      WHERE id = $1 AND lease_owner = $2 AND status = 'RUNNING'`,
    [chunkId, owner, leaseMs],
  );
  return (result.rowCount ?? 0) > 0;
}
