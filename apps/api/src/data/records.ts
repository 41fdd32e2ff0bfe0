import type { Pool } from '@tributary/db';
import type { RecordRow } from './rows.ts';

/**
 * A snapshot a reader read in: `x` is its xmax (one past the newest *completed* transaction),
 * `p` its xip (transactions below `x` still in progress). A row version was invisible then if
 * its xmin is in `p` or at least `x`; a transaction at or above `x` may already have been
 * running (and holding seqs) when the snapshot was taken.
 */
type Snapshot = { x: number; p: number[] };

/**
 * Rows with seq in (l, h] written by transactions invisible in the snapshot may still be due.
 * `w` (the newest range only) lists the record writers invisible in it, so the next page can
 * tell which of its own invisible writers were already running then (cursors made before `w`
 * existed carry those in `p`).
 */
type LateRange = Snapshot & { l: number; h: number; w?: number[] };

/**
 * Where a reader of a stream's change order stands.
 *
 * Sequence values are handed out before commit, so a slow writer can commit seq 100 after a
 * reader has already passed seq 101. Before each page the reader reads `v`, the sequence's
 * value, and then which transactions are writing records (`w`); the page's snapshot comes
 * after both. A row the snapshot cannot see has either a seq above `v`, or one its writer
 * took before `v` was read: that writer held its records lock and its transaction id from
 * before `v` until after the snapshot, so it is among `w` (record writers take their id
 * before their first seq: commitPage and advanceJob lock a row first). Each such writer's
 * seqs lie above a bound the previous page knew: above its `v` if the writer was not among
 * its invisible writers, above its range's `l` if it was.
 *
 * So the cursor says: every row with seq > `s` is due, and so are the rows of `late` ranges
 * (the newest snapshot's and any a page cut short) written by transactions invisible there.
 * Each page is then two index range scans on (connection_id, stream, seq): one seeks past
 * `s`, one reads the few seqs of the late ranges, never the rows already passed.
 */
export type RecordCursor = { s: number; v: number; late: LateRange[] };

const isXidList = (value: unknown): value is number[] =>
  Array.isArray(value) && value.length <= 10_000 && value.every((x) => Number.isSafeInteger(x));

const isLateRange = (value: unknown): value is LateRange => {
  const r = value as LateRange;
  return (
    typeof r === 'object' &&
    r !== null &&
    Number.isSafeInteger(r.l) &&
    Number.isSafeInteger(r.h) &&
    Number.isSafeInteger(r.x) &&
    isXidList(r.p) &&
    (r.w === undefined || isXidList(r.w))
  );
};

// A page can cut a late range short once per page while writers commit out of order; a cursor
// that somehow holds more ranges than this was not made by this server.
const MAX_LATE_RANGES = 32;

export const isRecordCursor = (value: unknown): value is RecordCursor => {
  const v = value as RecordCursor;
  return (
    typeof v === 'object' &&
    v !== null &&
    Number.isSafeInteger(v.s) &&
    Number.isSafeInteger(v.v) &&
    Array.isArray(v.late) &&
    v.late.length <= MAX_LATE_RANGES &&
    v.late.every(isLateRange)
  );
};

export type RecordFilter = {
  connectionId: string;
  stream: string;
  modifiedAfter: Date | null;
  includeDeleted: boolean;
};

export type RecordPage = {
  rows: RecordRow[];
  /** More rows were due than the page holds. */
  hasMore: boolean;
  /** The cursor after each row of `rows`, and after the whole page (`end`). */
  cursorAfter: (index: number) => RecordCursor;
  end: RecordCursor;
};

// 32-bit transaction ids, as the `xmin` system column reports them.
const XID32 = (expr: string) => `((${expr})::text::numeric % 4294967296)::bigint`;

const COLUMNS = `id, connection_id AS "connectionId", stream, external_id AS "externalId", data,
  content_hash AS "contentHash", seq, first_seen_at AS "firstSeenAt",
  modified_at AS "modifiedAt", deleted_at AS "deletedAt"`;

/**
 * Transactions (32-bit xids) writing the records table of this database now. A transaction
 * that is not among them when this is read takes its seqs after it, so after the horizon read
 * before it. Only these bound how far back a page must look: any other long transaction in
 * the cluster (another database, a report) would otherwise keep every page's late range open
 * back to where it started.
 */
const RECORD_WRITERS = `SELECT a.backend_xid::text::bigint FROM pg_locks l
   JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'relation' AND l.relation = 'records'::regclass
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND l.mode = 'RowExclusiveLock' AND a.backend_xid IS NOT NULL`;

/** What a page's snapshot is measured against; read before the snapshot exists. */
export type PageHorizon = { v: number; writers: number[] };

/**
 * The records sequence's value, then the record writers: two statements of one simple query,
 * so one round trip and a fixed order (the writers must be read after `v`; see RecordCursor).
 * A caller may read it while it checks other things: any reading before the page is valid.
 */
export async function readPageHorizon(pool: Pool): Promise<PageHorizon> {
  const results = (await pool.query(
    `SELECT last_value AS v FROM records_seq_seq; SELECT array(${RECORD_WRITERS}) AS w`,
  )) as unknown as [{ rows: [{ v: number | string }] }, { rows: [{ w: (number | string)[] }] }];
  return { v: Number(results[0].rows[0].v), writers: results[1].rows[0].w.map(Number) };
}

/** One page of a stream in change (seq) order, after `after`. */
export async function listRecords(
  pool: Pool,
  filter: RecordFilter,
  page: { after: RecordCursor | null; limit: number; horizon?: PageHorizon },
): Promise<RecordPage> {
  const { v, writers } = page.horizon ?? (await readPageHorizon(pool));
  // One statement, so one snapshot for the rows and for the cursor that describes them.
  const query = recordPageQuery(filter, page.after, page.limit + 1);
  const result = await pool.query<RecordRow & { _xmax: string; _xip: string[] | null }>(
    `WITH snap AS MATERIALIZED (
       SELECT ${XID32('pg_snapshot_xmax(pg_current_snapshot())')} AS _xmax,
              (SELECT array_agg(${XID32('x')}) FROM pg_snapshot_xip(pg_current_snapshot()) x) AS _xip)
     SELECT snap._xmax, snap._xip, page.* FROM snap LEFT JOIN LATERAL (${query.text}) page ON true
      ORDER BY page.seq`,
    query.values,
  );
  const first = result.rows[0]!;
  // int8 and int8[] arrive as strings; xids fit in a double.
  const now: Snapshot = { x: Number(first._xmax), p: (first._xip ?? []).map(Number) };
  const rows: RecordRow[] = [];
  for (const { _xmax, _xip, ...row } of result.rows) if (row.id !== null) rows.push(row);
  const inProgress = new Set(now.p);
  const invisibleWriters = writers.filter((xid) => xid >= now.x || inProgress.has(xid));
  const lowest = lowestInvisibleSeq(invisibleWriters, v, page.after);
  const cursorAt = (seq: number): RecordCursor => {
    const s = Math.max(seq, page.after?.s ?? 0);
    // Ranges of older snapshots keep only the part after this row; the newest snapshot's
    // invisible transactions are due from their lowest possible seq up to the cursor.
    const older = (page.after?.late ?? [])
      .filter((r) => r.h > seq)
      .map((r) => ({ ...r, l: Math.max(r.l, seq) }));
    const newest = { ...now, l: lowest, h: s, w: invisibleWriters };
    return { s, v, late: [...older, newest].slice(-MAX_LATE_RANGES) };
  };
  const shown = rows.slice(0, page.limit);
  return {
    rows: shown,
    hasMore: rows.length > page.limit,
    cursorAfter: (index) => cursorAt(Number(shown[index]!.seq)),
    end: cursorAt(shown.length > 0 ? Number(shown.at(-1)!.seq) : (page.after?.s ?? 0)),
  };
}

/**
 * The lowest seq a transaction invisible in this page's snapshot can have written: above `v`
 * unless it is one of the record writers invisible here (see RecordCursor). Such a writer's
 * seqs lie above the previous page's `v` if it was not among that page's invisible writers,
 * above that page's bound if it was, and anywhere on a first page.
 */
function lowestInvisibleSeq(
  invisibleWriters: number[],
  v: number,
  after: RecordCursor | null,
): number {
  if (invisibleWriters.length === 0) return v;
  const previous = after?.late.at(-1);
  if (!after || !previous) return 0;
  const previousWriters = new Set(previous.w ?? previous.p);
  let lowest = v;
  for (const xid of invisibleWriters) {
    lowest = Math.min(lowest, previousWriters.has(xid) ? previous.l : after.v);
  }
  return lowest;
}

/** The statement that reads one page (exported so a test can EXPLAIN it). */
export function recordPageQuery(
  filter: RecordFilter,
  after: RecordCursor | null,
  limit: number,
): { text: string; values: unknown[] } {
  const values: unknown[] = [
    filter.connectionId,
    filter.stream,
    filter.modifiedAfter,
    filter.includeDeleted,
    limit,
  ];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where = `connection_id = $1 AND stream = $2
    AND ($3::timestamptz IS NULL OR modified_at > $3) AND ($4::boolean OR deleted_at IS NULL)`;
  if (!after) {
    return { text: `SELECT ${COLUMNS} FROM records WHERE ${where} ORDER BY seq LIMIT $5`, values };
  }
  const fresh = `SELECT ${COLUMNS} FROM records WHERE ${where} AND seq > ${param(after.s)}
                  ORDER BY seq LIMIT $5`;
  const ranges = after.late.filter((r) => r.h > r.l);
  if (ranges.length === 0) return { text: fresh, values };
  const low = Math.min(...ranges.map((r) => r.l));
  const high = Math.max(...ranges.map((r) => r.h));
  const invisible = ranges.map(
    (r) => `(seq > ${param(r.l)} AND seq <= ${param(r.h)}
             AND (${XID32('xmin')} = ANY(${param(r.p)}::bigint[]) OR ${XID32('xmin')} >= ${param(r.x)}))`,
  );
  // Both branches are bounded range scans of the (connection_id, stream, seq) index; late rows
  // (seq <= s) sort before fresh ones.
  return {
    text: `(SELECT ${COLUMNS} FROM records
             WHERE ${where} AND seq > ${param(low)} AND seq <= ${param(high)} AND (${invisible.join(' OR ')})
             ORDER BY seq LIMIT $5)
           UNION ALL
           (${fresh})
           ORDER BY seq LIMIT $5`,
    values,
  };
}
