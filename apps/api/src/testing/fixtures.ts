import type { Pool } from '@tributary/db';

/** A job with chunks, events and records, written the way the worker would. */
export async function insertJob(
  pool: Pool,
  input: { workspaceId: string; connectionId: string; status?: string; chunks?: string[] },
): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO sync_jobs (workspace_id, connection_id, mode, phase, status, stage, started_at, items_processed, items_estimated)
     VALUES ($1, $2, 'INITIAL', 'RECENT', $3, 'RUN', now() - interval '10 seconds', 40, 100) RETURNING id`,
    [input.workspaceId, input.connectionId, input.status ?? 'RUNNING'],
  );
  const jobId = rows[0]!.id;
  for (const [index, status] of (input.chunks ?? ['SUCCEEDED', 'RUNNING', 'FAILED']).entries()) {
    await pool.query(
      `INSERT INTO sync_chunks (job_id, connection_id, index, stream, kind, status, label)
       VALUES ($1, $2, $3, 'ad_insights_daily', 'insights', $4, $5)`,
      [jobId, input.connectionId, index, status, `chunk ${index}`],
    );
  }
  await pool.query(
    `INSERT INTO sync_events (workspace_id, job_id, kind, message) VALUES ($1, $2, 'STATUS_CHANGED', 'started')`,
    [input.workspaceId, jobId],
  );
  return jobId;
}

export async function insertRecords(
  pool: Pool,
  connectionId: string,
  stream: string,
  ids: string[],
): Promise<void> {
  await pool.query(
    `INSERT INTO records (connection_id, stream, external_id, data, content_hash)
     SELECT $1, $2, id, jsonb_build_object('id', id), md5(id) FROM unnest($3::text[]) id
     ON CONFLICT (connection_id, stream, external_id)
       DO UPDATE SET data = EXCLUDED.data, seq = nextval('records_seq_seq'), modified_at = now()`,
    [connectionId, stream, ids],
  );
}

/** Row counts of every table a mutation could touch: "nothing changed" is equality of these. */
export async function tableCounts(pool: Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM workspaces)::int AS workspaces,
            (SELECT count(*) FROM api_keys WHERE revoked_at IS NULL)::int AS live_keys,
            (SELECT count(*) FROM connections)::int AS connections,
            (SELECT count(*) FROM connections WHERE status = 'ACTIVE')::int AS active_connections,
            (SELECT count(*) FROM sync_jobs)::int AS jobs,
            (SELECT count(*) FROM sync_jobs WHERE status IN ('PENDING','RUNNING','CANCELLING'))::int AS active_jobs,
            (SELECT count(*) FROM sync_chunks)::int AS chunks,
            (SELECT count(*) FROM sync_chunks WHERE status = 'FAILED')::int AS failed_chunks,
            (SELECT count(*) FROM records)::int AS records,
            (SELECT md5(string_agg(id::text || status::text || display_name || schedule_minutes, ',' ORDER BY id)) FROM connections) AS connections_digest`,
  );
  return rows[0]!;
}
