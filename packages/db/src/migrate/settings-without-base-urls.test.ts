import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPool, type Pool } from '../pool.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';

// The migration that takes where-to-call keys out of stored settings (any API key could set
// them). Applied once more here to rows written as before it, to see what it does to them.
const sql = readFileSync(
  resolve(
    import.meta.dirname,
    '../../prisma/migrations/20261203100000_settings_without_base_urls/migration.sql',
  ),
  'utf8',
);

let db: TestDatabase;
let pool: Pool;
beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, 2);
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

it('strips baseUrl and sandboxBaseUrl from stored settings and keeps everything else', async () => {
  const workspace = (await pool.query("INSERT INTO workspaces (name) VALUES ('m') RETURNING id"))
    .rows[0].id;
  const before = [
    { baseUrl: 'http://127.0.0.1:9', sandboxBaseUrl: 'http://127.0.0.1:9/graph' },
    { sandboxBaseUrl: 'http://127.0.0.1:9/graph', note: 'kept' },
    { note: 'untouched' },
  ];
  for (const [i, settings] of before.entries()) {
    await pool.query(
      `INSERT INTO connections (workspace_id, provider, external_account_id, display_name, credentials, sandbox, settings)
       VALUES ($1, 'FACEBOOK_ADS', $2, $2, '\\x00', true, $3)`,
      [workspace, `act_${i}`, settings],
    );
  }
  await pool.query(sql);
  const { rows } = await pool.query(
    'SELECT settings FROM connections ORDER BY external_account_id',
  );
  expect(rows.map((r) => r.settings)).toEqual([{}, { note: 'kept' }, { note: 'untouched' }]);
});
