/** A sync_chunks row joined with what a worker needs from its job and connection. */
export type ClaimedChunk = {
  id: string;
  job_id: string;
  connection_id: string;
  workspace_id: string;
  index: number;
  stream: string;
  kind: string;
  label: string | null;
  window_start: Date | null;
  window_end: Date | null;
  entity_ids: string[] | null;
  input_cursor: Record<string, unknown> | null;
  checkpoint: Record<string, unknown> | null;
  attempts: number;
  max_attempts: number;
  priority: number;
  items_processed: number;
  items_estimated: number | null;
  pages_fetched: number;
  job_mode: string;
  job_phase: string;
  job_root_id: string | null;
};

export class LeaseLostError extends Error {
  readonly code = 'LEASE_LOST';
  constructor(chunkId: string) {
    super(`Chunk ${chunkId} is no longer leased by this worker; its work will not be committed`);
    this.name = 'LeaseLostError';
  }
}
