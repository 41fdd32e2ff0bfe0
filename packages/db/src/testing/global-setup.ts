import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../embedded/start-embedded-postgres.ts';
import { runMigrations } from '../migrate/run-migrations.ts';
import { TEMPLATE_DATABASE } from './template.ts';

/**
 * One embedded PostgreSQL per test run with a migrated template database; each test file
 * clones its own database from the template (see createTestDatabase).
 */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), 'tributary-test-'));
  const server = await startEmbeddedPostgres({
    dataDir,
    database: TEMPLATE_DATABASE,
    durability: 'fast',
  });
  await runMigrations(server.url);
  project.provide('pgAdminUrl', server.adminUrl);
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
