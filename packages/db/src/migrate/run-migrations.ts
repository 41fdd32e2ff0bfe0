import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type Migration, readMigrations } from './read-migrations.ts';

/** Prisma Migrate's advisory lock key, so our runner and `prisma migrate deploy` exclude each other. */
const MIGRATION_LOCK_KEY = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {
  readonly code = 'MIGRATION_FAILED';
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Migration ${migration} failed and was rolled back: ${reason}`, { cause });
    this.name = 'MigrationError';
  }
}

export type MigrationResult = {
  applied: string[];
  alreadyApplied: string[];
  /** Applied migrations whose file changed since: reported, not re-run (as Prisma does). */
  modified: string[];
};

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so that
 * concurrent starters apply each migration exactly once. Records `_prisma_migrations` rows
 * the way Prisma does, so `prisma migrate deploy` elsewhere sees them as applied.
 */
export async function runMigrations(
  databaseUrl: string,
  migrations?: Migration[],
): Promise<MigrationResult> {
  const all = migrations ?? (await readMigrations());
  const client = new pg.Client({ connectionString: databaseUrl });
  // A dropped connection rejects the running query; unheard, its 'error' event would crash.
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { rows } = await client.query<{ migration_name: string; checksum: string }>(
        `SELECT migration_name, checksum FROM "_prisma_migrations"
          WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      );
      const done = new Map(rows.map((row) => [row.migration_name, row.checksum]));
      const result: MigrationResult = { applied: [], alreadyApplied: [], modified: [] };
      for (const migration of all) {
        const checksum = done.get(migration.name);
        if (checksum !== undefined) {
          result.alreadyApplied.push(migration.name);
          if (checksum !== migration.checksum) result.modified.push(migration.name);
          continue;
        }
        await applyOne(client, migration);
        result.applied.push(migration.name);
      }
      return result;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

async function applyOne(client: pg.Client, migration: Migration): Promise<void> {
  await client.query('BEGIN');
  try {
    const startedAt = new Date();
    await client.query(migration.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations"
         (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count)
       VALUES ($1, $2, now(), $3, NULL, $4, 1)`,
      [randomUUID(), migration.checksum, migration.name, startedAt],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new MigrationError(migration.name, error);
  }
}
