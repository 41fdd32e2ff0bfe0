import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findApiKey, revokeApiKey } from '../auth/api-keys.ts';
import { createPool, type Pool } from '../pool.ts';
import { openCredentials } from '../secrets/credentials.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { DEMO_WORKSPACE_ID, seedDemoWorkspace } from './demo.ts';

let db: TestDatabase;
let pool: Pool;
const secretKey = randomBytes(32);

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, 4);
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

describe('seedDemoWorkspace', () => {
  it('connects the three sandbox accounts with sealed credentials and returns a working key', async () => {
    const { workspaceId, apiKey } = await seedDemoWorkspace(pool, { secretKey });
    expect(workspaceId).toBe(DEMO_WORKSPACE_ID);
    expect((await findApiKey(pool, apiKey))?.workspaceId).toBe(workspaceId);
    const { rows } = await pool.query<{
      external_account_id: string;
      sandbox: boolean;
      credentials: Buffer;
    }>(
      'SELECT external_account_id, sandbox, credentials FROM connections WHERE workspace_id = $1 ORDER BY 1',
      [workspaceId],
    );
    expect(rows.map((r) => [r.external_account_id, r.sandbox])).toEqual([
      ['act_1001', true],
      ['page_2001', true],
      ['user_3001', true],
    ]);
    expect(openCredentials(secretKey, rows[0]!.credentials).accessToken).toBeTruthy();
  });

  it('is idempotent: a restart (even concurrent ones) reuses the workspace and prints the same key', async () => {
    const first = await seedDemoWorkspace(pool, { secretKey });
    const again = await Promise.all([1, 2, 3].map(() => seedDemoWorkspace(pool, { secretKey })));
    expect(again.map((r) => r.apiKey)).toEqual([first.apiKey, first.apiKey, first.apiKey]);
    const counts = await pool.query<{ w: number; c: number; k: number }>(
      `SELECT (SELECT count(*) FROM workspaces)::int AS w, (SELECT count(*) FROM connections)::int AS c,
              (SELECT count(*) FROM api_keys)::int AS k`,
    );
    expect(counts.rows[0]).toEqual({ w: 1, c: 3, k: 1 });
  });

  it('issues a new usable key after the demo key was revoked', async () => {
    const before = await seedDemoWorkspace(pool, { secretKey });
    const key = await findApiKey(pool, before.apiKey);
    await revokeApiKey(pool, { workspaceId: DEMO_WORKSPACE_ID, id: key!.id });
    const after = await seedDemoWorkspace(pool, { secretKey });
    expect(after.apiKey).not.toBe(before.apiKey);
    expect(await findApiKey(pool, after.apiKey)).not.toBeNull();
    expect((await seedDemoWorkspace(pool, { secretKey })).apiKey).toBe(after.apiKey);
  });
});
