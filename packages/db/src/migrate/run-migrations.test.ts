import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { readMigrations } from './read-migrations.ts';
import { MigrationError, runMigrations } from './run-migrations.ts';

const databases: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(databases.splice(0).map((db) => db.drop()));
});

async function emptyDatabase() {
  const db = await createTestDatabase({ empty: true });
  databases.push(db);
  return db;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('runMigrations', () => {
  it('migrates a fresh database and records rows the way Prisma does', async () => {
    const db = await emptyDatabase();
    const migrations = await readMigrations();
    const result = await runMigrations(db.url);
    expect(result.applied).toEqual(migrations.map((m) => m.name));
    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
      rolled_back_at: Date | null;
    }>(db.url, 'SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(migrations[i]?.checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('does nothing on an already-migrated database', async () => {
    const db = await emptyDatabase();
    await runMigrations(db.url);
    const again = await runMigrations(db.url);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied.length).toBeGreaterThan(0);
    const [count] = await query<{ n: number }>(
      db.url,
      'SELECT count(*)::int AS n FROM "_prisma_migrations"',
    );
    expect(count?.n).toBe(again.alreadyApplied.length);
  });

  it('applies each migration once when runners race', async () => {
    const db = await emptyDatabase();
    const results = await Promise.all([1, 2, 3, 4].map(() => runMigrations(db.url)));
    const appliedTotal = results.flatMap((r) => r.applied);
    const migrations = await readMigrations();
    expect(appliedTotal.sort()).toEqual(migrations.map((m) => m.name).sort());
    const [count] = await query<{ n: number }>(
      db.url,
      'SELECT count(*)::int AS n FROM "_prisma_migrations"',
    );
    expect(count?.n).toBe(migrations.length);
  });

  it('rolls back a failing migration completely and names it', async () => {
    const db = await emptyDatabase();
    const good = await readMigrations();
    const broken = {
      name: '29990101000000_broken',
      sql: 'CREATE TABLE half_applied (id int); SELECT * FROM no_such_table;',
      checksum: 'x'.repeat(64),
    };
    const error = await runMigrations(db.url, [...good, broken]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).migration).toBe(broken.name);
    expect((error as Error).message).toMatch(/29990101000000_broken failed.*no_such_table/);
    const tables = await query<{ n: number }>(
      db.url,
      "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'half_applied'",
    );
    expect(tables[0]?.n).toBe(0);
    const recorded = await query<{ migration_name: string }>(
      db.url,
      'SELECT migration_name FROM "_prisma_migrations"',
    );
    expect(recorded.map((r) => r.migration_name)).toEqual(good.map((m) => m.name));
  });

  it('reports, without re-running, an applied migration whose file changed', async () => {
    const db = await emptyDatabase();
    const migrations = await readMigrations();
    await runMigrations(db.url, migrations);
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: 'f'.repeat(64) } : m));
    const result = await runMigrations(db.url, edited);
    expect(result.applied).toEqual([]);
    expect(result.modified).toEqual([migrations[0]?.name]);
  });
});
