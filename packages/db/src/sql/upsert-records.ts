import { canonicalHash, canonicalJson } from '@tributary/core';
import type { Queryable } from '../pool.ts';

export type RecordInput = {
  stream: string;
  externalId: string;
  data: Record<string, unknown>;
  modifiedAt?: Date;
  deleted?: boolean;
};

export type UpsertCounts = {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** Inserted interaction events (the progress "events" counter). */
  events: number;
};

/**
 * Writes one page of records for a connection in two statements (live rows, removals).
 * Exact counts even when two chunks write the same record concurrently: a row counts as
 * inserted only if this statement created it (xmax = 0), as updated only if its content hash
 * changed (unchanged rows are not rewritten, so readers' `seq` order stays stable).
 * `seenByJobId` marks rows a FULL_RESYNC saw, so rows it did not see can be deleted after.
 */
export async function upsertRecords(
  db: Queryable,
  connectionId: string,
  records: RecordInput[],
  seenByJobId: string | null = null,
): Promise<UpsertCounts> {
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0, deleted: 0, events: 0 };
  // The last occurrence of an id in a page wins; ON CONFLICT cannot touch a row twice.
  const live = new Map<string, RecordInput>();
  const removed = new Map<string, RecordInput>();
  for (const record of records) {
    const key = `${record.stream}\u0000${record.externalId}`;
    if (record.deleted) {
      live.delete(key);
      removed.set(key, record);
    } else {
      removed.delete(key);
      live.set(key, record);
    }
  }
  if (live.size > 0) {
    const rows = [...live.values()];
    // One JSON document for the page: no per-element array-literal escaping in the driver,
    // fewer bytes on the wire, one parse in the server (measured ~12% faster than unnest).
    // Each record's data is serialised once: the canonical text that is hashed is the text
    // sent (jsonb keeps no key order, so what is stored is the same).
    // Counted in the statement: the page's rows never travel back to the worker.
    const { rows: written } = await db.query<{ inserted: number; updated: number; events: number }>(
      {
        name: 'upsert-records',
        text: `WITH written AS (
       INSERT INTO records AS r
              (connection_id, stream, external_id, data, content_hash, modified_at, last_seen_job_id)
       SELECT $1, t.stream, t.external_id, t.data, t.content_hash, COALESCE(t.modified_at, now()), $3
         FROM jsonb_to_recordset($2::jsonb)
              AS t(stream text, external_id text, data jsonb, content_hash text, modified_at timestamptz)
       ON CONFLICT (connection_id, stream, external_id) DO UPDATE
          SET data = EXCLUDED.data,
              content_hash = EXCLUDED.content_hash,
              modified_at = EXCLUDED.modified_at,
              deleted_at = NULL,
              seq = nextval('records_seq_seq'),
              last_seen_job_id = COALESCE(EXCLUDED.last_seen_job_id, r.last_seen_job_id)
        WHERE r.content_hash <> EXCLUDED.content_hash OR r.deleted_at IS NOT NULL
       RETURNING (xmax = 0) AS inserted, stream)
       SELECT count(*) FILTER (WHERE inserted)::int AS inserted,
              count(*) FILTER (WHERE NOT inserted)::int AS updated,
              count(*) FILTER (WHERE inserted AND stream = 'interaction_events')::int AS events
         FROM written`,
        values: [connectionId, pageDocument(rows), seenByJobId],
      },
    );
    const tally = written[0]!;
    counts.inserted = tally.inserted;
    counts.updated = tally.updated;
    counts.events = tally.events;
    counts.unchanged = rows.length - tally.inserted - tally.updated;
    if (seenByJobId && counts.unchanged > 0) {
      await db.query(
        `UPDATE records SET last_seen_job_id = $4
          WHERE connection_id = $1 AND (stream, external_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))
            AND last_seen_job_id IS DISTINCT FROM $4`,
        [connectionId, rows.map((r) => r.stream), rows.map((r) => r.externalId), seenByJobId],
      );
    }
  }
  if (removed.size > 0) {
    const rows = [...removed.values()];
    const result = await db.query(
      `UPDATE records SET deleted_at = now(), modified_at = now(), seq = nextval('records_seq_seq')
        WHERE connection_id = $1 AND deleted_at IS NULL
          AND (stream, external_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
      [connectionId, rows.map((r) => r.stream), rows.map((r) => r.externalId)],
    );
    counts.deleted = result.rowCount ?? 0;
  }
  return counts;
}

/** The page as the statement's `jsonb_to_recordset` document, built from canonical texts. */
function pageDocument(rows: readonly RecordInput[]): string {
  const parts: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const record = rows[i]!;
    const data = canonicalJson(record.data);
    const modifiedAt = record.modifiedAt ? JSON.stringify(record.modifiedAt) : 'null';
    parts[i] =
      `{"stream":${JSON.stringify(record.stream)},"external_id":${JSON.stringify(record.externalId)},` +
      `"data":${data},"content_hash":"${canonicalHash(data)}","modified_at":${modifiedAt}}`;
  }
  return `[${parts.join(',')}]`;
}
