import type { Queryable } from '@tributary/db';
import { type AvailabilityRow, loadAvailability } from './availability.ts';
import { BatchLoader } from './batch-loader.ts';
import { loadConnections, loadPhaseCompletion } from './connections.ts';
import { loadActiveJobs, loadChunkCounts, loadJobs, loadNextPhases } from './jobs.ts';
import type { ChunkCounts, ConnectionRow, SyncJobRow } from './rows.ts';

const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));

/** Per-request loaders, every one scoped to the caller's workspace. */
export function createLoaders(db: Queryable, workspaceId: string) {
  return {
    connection: new BatchLoader<string, ConnectionRow>(async (ids) =>
      byId(await loadConnections(db, workspaceId, ids)),
    ),
    job: new BatchLoader<string, SyncJobRow>(async (ids) =>
      byId(await loadJobs(db, workspaceId, ids)),
    ),
    nextPhase: new BatchLoader<string, SyncJobRow>(async (ids) => {
      const rows = await loadNextPhases(db, workspaceId, ids);
      return new Map(rows.map((row) => [row.previousPhaseId!, row]));
    }),
    // Callers pass only ids of jobs/connections they already loaded through the scoped loaders.
    chunkCounts: new BatchLoader<string, ChunkCounts>((ids) => loadChunkCounts(db, ids)),
    activeJob: new BatchLoader<string, SyncJobRow>(async (ids) => {
      const rows = await loadActiveJobs(db, ids);
      return new Map(rows.map((row) => [row.connectionId, row]));
    }),
    availability: new BatchLoader<string, AvailabilityRow>((ids) => loadAvailability(db, ids)),
    phaseCompletion: new BatchLoader<string, Map<string, Date>>(async (ids) => {
      const rows = await loadPhaseCompletion(db, ids);
      const result = new Map<string, Map<string, Date>>(ids.map((id) => [id, new Map()]));
      for (const row of rows) result.get(row.connectionId)!.set(row.phase, row.finishedAt);
      return result;
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
