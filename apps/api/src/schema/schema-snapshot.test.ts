import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql/index.js';
import { describe, expect, it } from 'vitest';
import { schema } from './index.ts';

describe('schema.graphql', () => {
  it('matches the live schema (run `pnpm --filter @tributary/api generate` after schema changes)', () => {
    const committed = readFileSync(resolve(import.meta.dirname, '../../schema.graphql'), 'utf8');
    expect(committed).toBe(`${printSchema(lexicographicSortSchema(schema))}\n`);
  });

  it('keeps the contract names from design.md', () => {
    const sdl = printSchema(schema);
    for (const name of [
      'viewer: Workspace!',
      'connections(',
      'node(id: ID!): Node',
      'syncJob(id: ID!): SyncJob',
      'syncJobs(',
      'records(',
      'syncStats(since: DateTime): SyncStats!',
      'createConnection(input: CreateConnectionInput!): CreateConnectionResult!',
      'startSync(input: StartSyncInput!): StartSyncResult!',
      'syncAll(input: SyncAllInput!): SyncAllResult!',
      'cancelSync(jobId: ID!): SyncJobResult!',
      'resumeSync(jobId: ID!): SyncJobResult!',
      'retryFailedChunks(jobId: ID!): SyncJobResult!',
      'syncActivity: SyncProgressEvent!',
      'interface Error',
      'ConnectionConnection!',
      'SyncJobConnection!',
      'RecordConnection!',
      'SyncChunkConnection!',
    ]) {
      expect(sdl).toContain(name);
    }
    // Optional arguments may join a contract field's (syncProgress takes followPhases too).
    expect(sdl).toMatch(/syncProgress\([^)]*\bjobId: ID![^)]*\): SyncProgressEvent!/);
  });
});
