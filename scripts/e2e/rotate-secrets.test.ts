import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { createPool, keyIdOf, openCredentials, sealCredentials, sealedKeyId } from '@tributary/db';
import { createTestDatabase, type TestDatabase } from '@tributary/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const entry = resolve(import.meta.dirname, '../rotate-secrets.ts');
let db: TestDatabase;
const [old, next] = [randomBytes(32), randomBytes(32)];

function rotate(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, DATABASE_URL: db.url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise<{ code: number | null; out: string }>((done) =>
    child.once('exit', (code) => done({ code, out })),
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  const pool = createPool(db.url, 2);
  const workspace = (await pool.query("INSERT INTO workspaces (name) VALUES ('r') RETURNING id"))
    .rows[0].id;
  for (let i = 0; i < 7; i++) {
    await pool.query(
      `INSERT INTO connections (workspace_id, provider, external_account_id, display_name, credentials, sandbox)
       VALUES ($1, 'MICROSOFT_MAIL', $2, $2, $3, true)`,
      [
        workspace,
        `user_${i}`,
        sealCredentials(old, { accessToken: `at-${i}`, refreshToken: `rt-${i}` }),
      ],
    );
  }
  await pool.end();
});
afterAll(() => db?.drop());

describe('pnpm rotate-secrets', () => {
  it('without the old key: reports every credential unreadable, exits 1 and changes nothing', async () => {
    const run = await rotate({
      TRIBUTARY_SECRET_KEY: next.toString('base64'),
      TRIBUTARY_SECRET_KEYS_OLD: '',
    });
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/rotated=0 already-current=0 unreadable=7 batches=1/);
    // Nothing changed: the next run still finds all seven under the old key (rotated=7).
  });

  it('re-seals everything under TRIBUTARY_SECRET_KEY, in batches, and reports the counts', async () => {
    const run = await rotate({
      TRIBUTARY_SECRET_KEY: next.toString('base64'),
      TRIBUTARY_SECRET_KEYS_OLD: old.toString('base64'),
      ROTATE_BATCH_SIZE: '3',
    });
    expect(run.out).toMatch(/rotated=7 already-current=0 unreadable=0 batches=3/);
    expect(run.code).toBe(0);
    const pool = createPool(db.url, 1);
    const { rows } = await pool.query<{ credentials: Buffer; external_account_id: string }>(
      'SELECT credentials, external_account_id FROM connections ORDER BY external_account_id',
    );
    await pool.end();
    for (const [i, row] of rows.entries()) {
      expect(sealedKeyId(row.credentials)).toEqual(keyIdOf(next));
      expect(openCredentials(next, row.credentials)).toEqual({
        accessToken: `at-${i}`,
        refreshToken: `rt-${i}`,
      });
    }
    const again = await rotate({
      TRIBUTARY_SECRET_KEY: next.toString('base64'),
      ROTATE_BATCH_SIZE: '3',
    });
    expect(again.out).toMatch(/rotated=0 already-current=7 unreadable=0 batches=0/);
  });
});
