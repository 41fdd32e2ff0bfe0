export { ConfigError } from './config-error.ts';
export {
  type EmbeddedPostgresHandle,
  type EmbeddedPostgresOptions,
  startEmbeddedPostgres,
} from './embedded/start-embedded-postgres.ts';
export { type DbEnv, parseDatabaseUrl, readDbEnv } from './env.ts';
export { findFreePort, isPortInUse } from './free-port.ts';
export { type Migration, readMigrations } from './migrate/read-migrations.ts';
export { MigrationError, type MigrationResult, runMigrations } from './migrate/run-migrations.ts';
export { type OpenDatabase, openDatabase } from './open-database.ts';
export { createPool, type Pool, type PoolClient, type Queryable, withTransaction } from './pool.ts';
export { createPrisma, type Db, type PrismaClient } from './prisma.ts';
