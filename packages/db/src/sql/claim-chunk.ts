import { type Pool, withTransaction } from '../pool.ts';
import type { ClaimedChunk, ConnectionRow } from './chunk-row.ts';

/** The claim statement's row: the chunk, its connection's columns prefixed `cn_`, the count. */
type ClaimRow = Omit<ClaimedChunk, 'connection'> & {
  running_count: number;
  cn_provider: ConnectionRow['provider'];
  cn_external_account_id: string;
  cn_credentials: Buffer;
  cn_status: string;
  cn_sandbox: boolean;
  cn_settings: ConnectionRow['settings'];
  cn_account_created_at: Date | null;
};

export type ClaimResult =
  | { claimed: ClaimedChunk }
  /** The connection already runs `connectionLimit` chunks under live leases. */
  | { busy: true }
  /** Finished, cancelled, its job is not running, or a live worker holds it. */
  | { skipped: true };

/**
 * Takes the lease on a chunk if it is runnable: PENDING or RATE_LIMITED, or RUNNING with an
 * expired lease (its worker died). At most `connectionLimit` chunks of one connection hold live
 * leases at once, so one account cannot starve the others; counting leases (not queue jobs)
 * means a crashed worker's slot frees as soon as its lease expires.
 */
export async function claimChunk(
  pool: Pool,
  chunkId: string,
  owner: string,
  leaseMs: number,
  connectionLimit = Number.POSITIVE_INFINITY,
): Promise<ClaimResult> {
  const limited = Number.isFinite(connectionLimit);
  return withTransaction(pool, async (tx) => {
    // Serialises claims per connection so the count below cannot be raced past the limit;
    // the count runs in the next statement, whose snapshot is taken after the lock is held.
    // A finished or cancelled chunk (often: one a handler already ran from its connection's
    // queue) is skipped here, before taking any lock.
    const target = await tx.query<{ connection_id: string }>({
      name: limited ? 'claim-chunk-lock' : 'claim-chunk-target',
      text: `SELECT connection_id${limited ? ', pg_advisory_xact_lock(hashtextextended(connection_id::text, 7))' : ''}
               FROM sync_chunks WHERE id = $1 AND status IN ('PENDING', 'RATE_LIMITED', 'RUNNING')`,
      values: [chunkId],
    });
    const connectionId = target.rows[0]?.connection_id;
    if (!connectionId) return { skipped: true };
    const { rows } = await tx.query<ClaimRow>({
      name: 'claim-chunk',
      text: `WITH running AS (
         SELECT count(*)::int AS n FROM sync_chunks
          WHERE connection_id = $4 AND status = 'RUNNING' AND lease_expires_at > now() AND id <> $1),
       claimed AS (
         UPDATE sync_chunks c
            SET status = 'RUNNING', lease_owner = $2,
                lease_expires_at = now() + make_interval(secs => $3::double precision / 1000),
                started_at = COALESCE(c.started_at, now()), run_after = NULL, updated_at = now()
           FROM sync_jobs j, connections cn
          WHERE c.id = $1 AND j.id = c.job_id AND j.status = 'RUNNING' AND cn.id = c.connection_id
            AND ($5::int IS NULL OR (SELECT n FROM running) < $5::int)
            AND (c.status IN ('PENDING', 'RATE_LIMITED')
                 OR (c.status = 'RUNNING' AND c.lease_expires_at < now()))
         RETURNING c.*, j.workspace_id, j.mode AS job_mode, j.phase AS job_phase,
                   j.root_job_id AS job_root_id, cn.provider AS cn_provider,
                   cn.external_account_id AS cn_external_account_id,
                   cn.credentials AS cn_credentials, cn.status AS cn_status,
                   cn.sandbox AS cn_sandbox, cn.settings AS cn_settings,
                   cn.account_created_at AS cn_account_created_at)
       SELECT claimed.*, (SELECT n FROM running) AS running_count
         FROM (VALUES (1)) AS one LEFT JOIN claimed ON true`,
      values: [chunkId, owner, leaseMs, connectionId, limited ? connectionLimit : null],
    });
    const row = rows[0];
    if (!row?.id) {
      return limited && (row?.running_count ?? 0) >= connectionLimit
        ? { busy: true }
        : { skipped: true };
    }
    const {
      running_count: _,
      cn_provider,
      cn_external_account_id,
      cn_credentials,
      cn_status,
      cn_sandbox,
      cn_settings,
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
      settings: cn_settings,
      account_created_at: cn_account_created_at,
    };
    return { claimed: { ...chunk, connection } };
  });
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
