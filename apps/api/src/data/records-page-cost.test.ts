import { createPool, type Pool } from '@tributary/db';
import { createTestDatabase, type TestDatabase } from '@tributary/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRecords, type RecordCursor, recordPageQuery } from './records.ts';

let db: TestDatabase;
let pool: Pool;
let connectionId: string;
const ROWS = 40_000;
const PAGE = 500;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, 3);
  const workspace = await pool.query("INSERT INTO workspaces (name) VALUES ('w') RETURNING id");
  const connection = await pool.query(
    `INSERT INTO connections (workspace_id, provider, external_account_id, display_name, credentials)
     VALUES ($1, 'FACEBOOK_ADS', 'act_1', 'x', '\\x00') RETURNING id`,
    [workspace.rows[0].id],
  );
  connectionId = connection.rows[0].id;
  // Two streams interleaved in seq order, so a scan that ignored `stream` would show.
  await pool.query(
    `INSERT INTO records (connection_id, stream, external_id, data, content_hash)
     SELECT $1, CASE WHEN i % 2 = 0 THEN 'ads' ELSE 'campaigns' END, i::text,
            jsonb_build_object('id', i), md5(i::text)
       FROM generate_series(1, $2) i`,
    [connectionId, ROWS],
  );
  await pool.query('ANALYZE records');
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

type PlanNode = {
  'Node Type': string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
};

/** Rows every scan node of the plan read (returned or filtered away). */
function rowsRead(node: PlanNode): number {
  const own = /Scan/.test(node['Node Type'])
    ? (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0)) * node['Actual Loops']
    : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsRead(child), 0);
}

const filter = () => ({
  connectionId,
  stream: 'ads',
  modifiedAfter: null,
  includeDeleted: false,
});

async function rowsReadForPageAfter(cursor: RecordCursor | null): Promise<number> {
  const { text, values } = recordPageQuery(filter(), cursor, PAGE + 1);
  const { rows } = await pool.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, values);
  return rowsRead(rows[0]['QUERY PLAN'][0].Plan);
}

describe('a page of records', () => {
  it('reads about one page of rows at any depth, even beside a long transaction', async () => {
    // A transaction that holds an id the whole time but writes no records (a report, another
    // database's work): it must not keep every page's late range open back to the start.
    const long = await pool.connect();
    await long.query('BEGIN');
    await long.query('SELECT pg_current_xact_id()');
    const readAt: number[] = [];
    let cursor: RecordCursor | null = null;
    let pages = 0;
    for (;;) {
      if (pages % 10 === 0) readAt.push(await rowsReadForPageAfter(cursor));
      const page = await listRecords(pool, filter(), { after: cursor, limit: PAGE });
      pages++;
      if (!page.hasMore) break;
      cursor = page.end;
    }
    expect(pages).toBe(ROWS / 2 / PAGE);
    expect(readAt.length).toBeGreaterThanOrEqual(4);
    // Each page reads its own rows plus the one that says there is more, never those passed.
    await long.query('ROLLBACK');
    long.release();
    for (const read of readAt) expect(read).toBeLessThanOrEqual(PAGE + 1);
  });
});
