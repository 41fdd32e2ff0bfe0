import type { ProviderId } from '@tributary/core';

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
  /** The connection, read with the claim (one round trip per chunk fewer). */
  connection: ConnectionRow;
};

/** A connections row as the worker needs it (credentials still sealed). */
export type ConnectionRow = {
  id: string;
  workspace_id: string;
  provider: ProviderId;
  external_account_id: string;
  credentials: Buffer;
  status: string;
  sandbox: boolean;
  account_created_at: Date | null;
};

export class LeaseLostError extends Error {
  readonly code = 'LEASE_LOST';
  constructor(chunkId: string) {
    super(`Chunk ${chunkId} is no longer leased by this worker; its work will not be committed`);
    this.name = 'LeaseLostError';
  }
}
