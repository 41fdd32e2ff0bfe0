/**
 * BASELINE, not product code: the sync script a team writes before it has a platform. One
 * request at a time, each page written with one `INSERT … ON CONFLICT` before the next page is
 * asked for; no checkpoints, no rate-limit handling, no progress. The bench runs it beside the
 * engine on the same account to show what the engine's parallelism and bookkeeping are worth.
 * It reads exactly what the engine reads (the connector's field lists, 90-day insights windows,
 * ≤50/50/100 ids per insights call) so both store the same records.
 *   DATABASE_URL=… GRAPH_URL=… ACCOUNT=act_1001 node --import tsx bench/baseline/naive-script.ts
 */
import {
  ALL_EFFECTIVE_STATUSES,
  GRAPH_VERSION,
  INSIGHT_FIELDS,
  MAX_ENTITIES_PER_INSIGHTS_CALL,
  STRUCTURE_FIELDS,
} from '@tributary/connectors';
import pg from 'pg';

const { DATABASE_URL, GRAPH_URL, ACCOUNT = 'act_1001', TOKEN = 't' } = process.env;
const db = new pg.Client({ connectionString: DATABASE_URL });
await db.connect();
await db.query(`CREATE TABLE IF NOT EXISTS naive_records (
  stream text, id text, data jsonb, PRIMARY KEY (stream, id))`);
const started = performance.now();
let stored = 0;

// keySql: the row's id as the engine keys it (insights: `level:id:date`).
async function pages(path: string, params: Record<string, string>, stream: string, keySql: string) {
  const url = new URL(`${GRAPH_URL}/${GRAPH_VERSION}/${ACCOUNT}/${path}`);
  for (const [name, value] of Object.entries({ ...params, limit: '500', access_token: TOKEN })) {
    url.searchParams.set(name, value);
  }
  const ids: string[] = [];
  for (let next: string | undefined = url.href; next; ) {
    const response = await fetch(next);
    const body = (await response.json()) as {
      data: Record<string, string>[];
      paging?: { next?: string };
    };
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
    await db.query(
      `INSERT INTO naive_records (stream, id, data)
       SELECT $1, ${keySql}, r FROM jsonb_array_elements($2::jsonb) r
       ON CONFLICT (stream, id) DO UPDATE SET data = EXCLUDED.data`,
      [stream, JSON.stringify(body.data)],
    );
    stored += body.data.length;
    ids.push(...body.data.map((row) => row.id!));
    next = body.paging?.next;
  }
  return ids;
}

const account = (await (
  await fetch(`${GRAPH_URL}/${GRAPH_VERSION}/${ACCOUNT}?fields=created_time&access_token=${TOKEN}`)
).json()) as { created_time: string };
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const levels = { campaigns: 'campaign', adsets: 'adset', ads: 'ad' } as const;
for (const [stream, level] of Object.entries(levels) as [
  keyof typeof levels,
  (typeof levels)[keyof typeof levels],
][]) {
  const statuses = JSON.stringify(ALL_EFFECTIVE_STATUSES[level]);
  const ids = await pages(
    stream,
    { fields: STRUCTURE_FIELDS[stream].join(','), effective_status: statuses },
    stream,
    `r->>'id'`,
  );
  const size = MAX_ENTITIES_PER_INSIGHTS_CALL[level];
  for (let i = 0; i < ids.length; i += size) {
    for (let end = Date.now(); end > Date.parse(account.created_time); end -= 90 * 86_400_000) {
      const since = day(Math.max(end - 89 * 86_400_000, Date.parse(account.created_time)));
      await pages(
        'insights',
        {
          level,
          time_increment: '1',
          time_range: JSON.stringify({ since, until: day(end) }),
          filtering: JSON.stringify([
            { field: `${level}.id`, operator: 'IN', value: ids.slice(i, i + size) },
            {
              field: `${level}.effective_status`,
              operator: 'IN',
              value: ALL_EFFECTIVE_STATUSES[level],
            },
          ]),
          fields: INSIGHT_FIELDS[level].join(','),
        },
        'ad_insights_daily',
        `'${level}:' || (r->>'${level}_id') || ':' || (r->>'date_start')`,
      );
    }
  }
}
console.log(JSON.stringify({ records: stored, ms: performance.now() - started }));
await db.end();
