import type { Pool } from '@tributary/db';
import type { RecordRow } from './rows.ts';

/**
 * Where a reader stands: the highest seq it has seen, plus the snapshot it saw it in
 * (`xmax`: first transaction id not yet started; `xip`: transactions still in progress).
 * Sequence values are handed out before commit, so a slow writer can commit seq 100 after a
 * reader has already passed seq 101. Such rows were written by a transaction that was in
 * progress (`xip`) or had not yet taken its id (`>= xmax`) when the previous page was read, so
 * the next page also returns rows of exactly those transactions, whatever their seq.
 */
export type RecordCursor = { s: number; x: number; p: number[] };

export const isRecordCursor = (value: unknown): value is RecordCursor => {
  const v = value as RecordCursor;
  return (
    typeof v === 'object' &&
    v !== null &&
    Number.isSafeInteger(v.s) &&
    Number.isSafeInteger(v.x) &&
    Array.isArray(v.p) &&
    v.p.length <= 10_000 &&
    v.p.every((xid) => Number.isSafeInteger(xid))
  );
};

export type RecordFilter = {
  connectionId: string;
  stream: string;
  modifiedAfter: Date | null;
  includeDeleted: boolean;
};

// 32-bit transaction ids, as the `xmin` system column reports them.
const XID32 = (expr: string) => `((${expr})::text::numeric % 4294967296)::bigint`;

export async function listRecords(
  pool: Pool,
  filter: RecordFilter,
  page: { after: RecordCursor | null; limit: number },
): Promise<{ rows: RecordRow[]; snapshot: { xmax: number; xip: number[] } }> {
  const client = await pool.connect();
  try {
    // One snapshot for the rows and for the cursor that describes them.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snap = await client.query<{ xmax: number; xip: number[] | null }>(
      `SELECT ${XID32('pg_snapshot_xmax(pg_current_snapshot())')} AS xmax,
              (SELECT array_agg(${XID32('x')}) FROM pg_snapshot_xip(pg_current_snapshot()) x) AS xip`,
    );
    const after = page.after;
    const { rows } = await client.query<RecordRow>(
      `SELECT id, connection_id AS "connectionId", stream, external_id AS "externalId", data,
              content_hash AS "contentHash", seq, first_seen_at AS "firstSeenAt",
              modified_at AS "modifiedAt", deleted_at AS "deletedAt"
         FROM records r
        WHERE connection_id = $1 AND stream = $2
          AND ($3::timestamptz IS NULL OR modified_at > $3)
          AND ($4::boolean OR deleted_at IS NULL)
          AND ($5::bigint IS NULL OR seq > $5
               OR ${XID32('r.xmin')} = ANY($6::bigint[]) OR ${XID32('r.xmin')} >= $7)
        ORDER BY seq LIMIT $8`,
      [
        filter.connectionId,
        filter.stream,
        filter.modifiedAfter,
        filter.includeDeleted,
        after?.s ?? null,
        after?.p ?? [],
        after?.x ?? null,
        page.limit,
      ],
    );
    await client.query('COMMIT');
    const s = snap.rows[0]!;
    // int8[] arrives as strings (only scalar int8 has a parser); xids fit in a double.
    return { rows, snapshot: { xmax: Number(s.xmax), xip: (s.xip ?? []).map(Number) } };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
