import { isInterfaceType, isObjectType } from 'graphql/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/api-harness.ts';
import { insertRecords } from '../testing/fixtures.ts';
import { globalId } from './ids.ts';
import { schema } from './index.ts';

let h: Harness;
let key: string;

beforeAll(async () => {
  h = await startHarness();
  ({ key } = await h.workspace('A'));
});
afterAll(() => h.close());

const PAGE = `query($c: ID!, $after: String, $first: Int) {
  records(connectionId: $c, stream: "campaigns", first: $first, after: $after) {
    edges { node { externalId seq contentHash } } pageInfo { endCursor hasNextPage } } }`;

type Page = {
  edges: { node: { externalId: string; seq: string; contentHash: string } }[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
};

async function page(connection: string, after: string | null, first: number): Promise<Page> {
  const res = await h.gql<{ records: Page }>(key, PAGE, { c: connection, after, first });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.records;
}

async function newConnection(): Promise<[string, string]> {
  const { rows } = await h.pool.query<{ id: string }>(
    'SELECT workspace_id AS id FROM api_keys LIMIT 1',
  );
  const raw = await h.connection(rows[0]!.id);
  return [raw, globalId('Connection', raw)];
}

describe('records paging by seq', () => {
  it('returns a record committed late with a lower seq than one already read', async () => {
    const [raw, connection] = await newConnection();
    await insertRecords(h.pool, raw, 'campaigns', ['a', 'b', 'c']);

    // A slow writer takes its seq first and commits last.
    const slow = await h.pool.connect();
    await slow.query('BEGIN');
    await insertRecords(slow as never, raw, 'campaigns', ['slow']);
    await insertRecords(h.pool, raw, 'campaigns', ['fast']);

    const first = await page(connection, null, 100);
    expect(first.edges.map((e) => e.node.externalId)).toEqual(['a', 'b', 'c', 'fast']);
    await slow.query('COMMIT');
    slow.release();

    const second = await page(connection, first.pageInfo.endCursor, 100);
    expect(second.edges.map((e) => e.node.externalId)).toEqual(['slow']);
    const third = await page(connection, second.pageInfo.endCursor, 100);
    expect(third.edges).toEqual([]);
  });

  it('returns a late record whose writer took its id after the transaction that committed first', async () => {
    // A snapshot's xmax is one past the latest *completed* transaction, so a writer whose id is
    // newer than every completed one is running yet absent from the snapshot's xip list. Its
    // seq can still be lower than one the page shows.
    const [raw, connection] = await newConnection();
    const fast = await h.pool.connect();
    const slow = await h.pool.connect();
    try {
      await fast.query('BEGIN');
      await fast.query('SELECT pg_current_xact_id()');
      await slow.query('BEGIN');
      await slow.query('SELECT pg_current_xact_id()');
      await insertRecords(slow as never, raw, 'campaigns', ['slow']);
      await insertRecords(fast as never, raw, 'campaigns', ['fast']);
      await fast.query('COMMIT');

      const first = await page(connection, null, 100);
      expect(first.edges.map((e) => e.node.externalId)).toEqual(['fast']);
      await slow.query('COMMIT');
      const second = await page(connection, first.pageInfo.endCursor, 100);
      expect(second.edges.map((e) => e.node.externalId)).toEqual(['slow']);
    } finally {
      fast.release();
      slow.release();
    }
  });

  it('returns a late record whose last version a transaction that kept its seq wrote', async () => {
    // A FULL_RESYNC marks unchanged rows seen without a new seq (upsertRecords): the row's
    // newest version then has that transaction's id, not the id of the one that took the seq.
    const [raw, connection] = await newConnection();
    const marker = await h.pool.connect();
    const slow = await h.pool.connect();
    try {
      await marker.query('BEGIN');
      await marker.query('SELECT pg_current_xact_id()');
      await slow.query('BEGIN');
      await slow.query('SELECT pg_current_xact_id()');
      await insertRecords(slow as never, raw, 'campaigns', ['slow']);
      await insertRecords(h.pool, raw, 'campaigns', ['fast']);

      const first = await page(connection, null, 100);
      expect(first.edges.map((e) => e.node.externalId)).toEqual(['fast']);
      await slow.query('COMMIT');
      await marker.query(
        `UPDATE records SET last_seen_job_id = last_seen_job_id
          WHERE connection_id = $1 AND external_id = 'slow'`,
        [raw],
      );
      await marker.query('COMMIT');
      const second = await page(connection, first.pageInfo.endCursor, 100);
      expect(second.edges.map((e) => e.node.externalId)).toEqual(['slow']);
    } finally {
      marker.release();
      slow.release();
    }
  });

  it('returns each late record once when a page ends among them', async () => {
    const [raw, connection] = await newConnection();
    await insertRecords(h.pool, raw, 'campaigns', ['a', 'b']);
    const slow = await h.pool.connect();
    await slow.query('BEGIN');
    const late = Array.from({ length: 10 }, (_, i) => `late${i}`);
    await insertRecords(slow as never, raw, 'campaigns', late);
    await insertRecords(h.pool, raw, 'campaigns', ['fast']);
    const first = await page(connection, null, 100);
    expect(first.edges.map((e) => e.node.externalId)).toEqual(['a', 'b', 'fast']);
    await slow.query('COMMIT');
    slow.release();
    await insertRecords(h.pool, raw, 'campaigns', ['after']);

    const seen: string[] = [];
    let cursor = first.pageInfo.endCursor;
    for (;;) {
      const next = await page(connection, cursor, 3);
      seen.push(...next.edges.map((e) => e.node.externalId));
      if (!next.pageInfo.hasNextPage) break;
      cursor = next.pageInfo.endCursor;
    }
    expect(seen).toEqual([...late, 'after']);
  });

  it('misses no record and no latest version while several writers commit concurrently', async () => {
    const [raw, connection] = await newConnection();
    const writers = Array.from({ length: 3 }, async (_, writer) => {
      const client = await h.pool.connect();
      try {
        for (let batch = 0; batch < 25; batch++) {
          await client.query('BEGIN');
          // As every engine writer does (its chunk's row lock comes first): the transaction has its
          // id before it takes a seq, which the page's late-commit bound relies on (data/records.ts).
          await client.query('SELECT pg_current_xact_id()');
          // Writers take their ids and their seqs in different orders.
          await client.query('SELECT pg_sleep(random() * 0.002)');
          const ids = Array.from({ length: 8 }, (_, i) => `r${(writer * 7 + batch * 5 + i) % 120}`);
          await insertRecords(client as never, raw, 'campaigns', ids);
          // Hold the transaction open a moment so commits interleave with reads out of seq order.
          await client.query('SELECT pg_sleep(random() * 0.004)');
          await client.query('COMMIT');
        }
      } finally {
        client.release();
      }
    });
    let writing = true;
    const done = Promise.all(writers).finally(() => {
      writing = false;
    });

    const latestSeen = new Map<string, number>();
    let cursor: string | null = null;
    // Tail the stream with small pages until the writers are done and a page comes back empty.
    for (;;) {
      const stillWriting = writing;
      const result = await page(connection, cursor, 7);
      for (const { node } of result.edges) {
        latestSeen.set(
          node.externalId,
          Math.max(latestSeen.get(node.externalId) ?? 0, Number(node.seq)),
        );
      }
      cursor = result.pageInfo.endCursor ?? cursor;
      if (!stillWriting && result.edges.length === 0) break;
    }
    await done;

    const { rows } = await h.pool.query<{ external_id: string; seq: number }>(
      'SELECT external_id, seq FROM records WHERE connection_id = $1',
      [raw],
    );
    expect(rows.length).toBeGreaterThan(50);
    const missed = rows.filter((row) => latestSeen.get(row.external_id) !== row.seq);
    expect(missed).toEqual([]);
  });
});

describe('paging arguments', () => {
  it('offers forward paging only: no list has before or last', () => {
    const offending: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!(isObjectType(type) || isInterfaceType(type)) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const args = field.args.map((a) => a.name);
        if (args.includes('before') || args.includes('last'))
          offending.push(`${type.name}.${field.name}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('rejects a changedSince that is not a cursor, and both after and changedSince', async () => {
    const [, connection] = await newConnection();
    const bad = await h.gql(
      key,
      'query($c: ID!) { records(connectionId: $c, stream: "campaigns", changedSince: "nope") { resumeCursor } }',
      { c: connection },
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION',
      field: 'changedSince',
    });
    const start = await page(connection, null, 1);
    const both = await h.gql(
      key,
      'query($c: ID!, $x: String) { records(connectionId: $c, stream: "campaigns", after: $x, changedSince: $x) { resumeCursor } }',
      { c: connection, x: start.pageInfo.endCursor ?? 'x' },
    );
    expect(both.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });
});
