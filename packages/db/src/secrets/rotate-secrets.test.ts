import { createCipheriv, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../pool.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { openCredentials, sealCredentials } from './credentials.ts';
import { rotateSecrets } from './rotate-secrets.ts';
import { sealedKeyId } from './seal-secret.ts';
import { keyIdOf } from './secret-keys.ts';

let db: TestDatabase;
let pool: Pool;
let workspaceId: string;
const [oldest, old, current, stranger] = [
  randomBytes(32),
  randomBytes(32),
  randomBytes(32),
  randomBytes(32),
];

/** Credentials as sealed before key ids existed: version 1 | IV | tag | ciphertext. */
function sealLegacy(key: Buffer, token: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([
    cipher.update(JSON.stringify({ accessToken: token }), 'utf8'),
    cipher.final(),
  ]);
  return Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), body]);
}

async function insert(account: string, credentials: Buffer): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO connections (workspace_id, provider, external_account_id, display_name, credentials, sandbox)
     VALUES ($1, 'FACEBOOK_ADS', $2, $2, $3, true) RETURNING id`,
    [workspaceId, account, credentials],
  );
  return rows[0]!.id;
}

async function credentialsOf(): Promise<Map<string, Buffer>> {
  const { rows } = await pool.query<{ external_account_id: string; credentials: Buffer }>(
    'SELECT external_account_id, credentials FROM connections',
  );
  return new Map(rows.map((r) => [r.external_account_id, r.credentials]));
}

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, 4);
  workspaceId = (await pool.query("INSERT INTO workspaces (name) VALUES ('rotation') RETURNING id"))
    .rows[0].id;
  for (let i = 0; i < 5; i++) await insert(`act_${i}`, sealLegacy(oldest, `legacy-${i}`));
  for (let i = 5; i < 12; i++) {
    await insert(`act_${i}`, sealCredentials(old, { accessToken: `old-${i}` }));
  }
  for (let i = 12; i < 15; i++) {
    await insert(`act_${i}`, sealCredentials(current, { accessToken: `current-${i}` }));
  }
  await insert('act_99', sealCredentials(stranger, { accessToken: 'nobody-has-this-key' }));
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

describe('rotateSecrets', () => {
  it('re-seals every credential under the current key in batches and counts what it did', async () => {
    const strangerBefore = (await credentialsOf()).get('act_99')!;
    const batches: number[] = [];
    const report = await rotateSecrets(
      pool,
      { current, previous: [old, oldest] },
      { batchSize: 4, onBatch: (so) => batches.push(so.rotated) },
    );
    expect(report).toMatchObject({ rotated: 12, alreadyCurrent: 3, batches: 4 });
    // 13 rows to visit (12 + the unreadable one, wherever its id sorts), 4 per batch.
    expect(batches).toHaveLength(4);
    expect(batches.at(-1)).toBe(12);
    expect(report.unreadable).toHaveLength(1);

    const after = await credentialsOf();
    for (const [account, sealed] of after) {
      if (account === 'act_99') continue;
      // Readable with the current key alone: the old ones can now be dropped.
      expect(sealedKeyId(sealed)).toEqual(keyIdOf(current));
      const i = Number(account.slice(4));
      const expected = i < 5 ? `legacy-${i}` : i < 12 ? `old-${i}` : `current-${i}`;
      expect(openCredentials(current, sealed).accessToken).toBe(expected);
    }
    // What no configured key opens is left exactly as it was.
    expect(after.get('act_99')!.equals(strangerBefore)).toBe(true);
  });

  it('has nothing left to do on a second run', async () => {
    const report = await rotateSecrets(pool, { current, previous: [] }, { batchSize: 4 });
    expect(report).toMatchObject({ rotated: 0, alreadyCurrent: 15, batches: 1 });
    expect(report.unreadable).toHaveLength(1);
  });
});
