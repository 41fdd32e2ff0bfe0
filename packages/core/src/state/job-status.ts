export type ChunkCounts = {
  pending: number;
  running: number;
  rateLimited: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  total: number;
};

export type DerivedJobStatus =
  | 'RUNNING'
  | 'CANCELLING'
  | 'SUCCEEDED'
  | 'COMPLETED_WITH_ERRORS'
  | 'FAILED'
  | 'CANCELLED';

/** Statuses a job never leaves. */
export const FINISHED_JOB_STATUSES: readonly string[] = [
  'SUCCEEDED',
  'COMPLETED_WITH_ERRORS',
  'FAILED',
  'CANCELLED',
];

export function isFinishedJobStatus(status: string): boolean {
  return FINISHED_JOB_STATUSES.includes(status);
}

/** Chunk counts that do not add up (a bug in whoever counted them). */
export class InvalidChunkCountsError extends Error {
  readonly code = 'INVALID_CHUNK_COUNTS' as const;

  constructor(message: string) {
    super(message);
    this.name = 'InvalidChunkCountsError';
  }
}

/**
 * A job's status from its chunks. Cancel wins while requested: CANCELLING until nothing runs,
 * then CANCELLED. Otherwise the job runs until every chunk is finished, then SUCCEEDED,
 * COMPLETED_WITH_ERRORS when some failed, FAILED only when every chunk failed. A job with no
 * chunks has nothing left to do and SUCCEEDED.
 */
export function deriveJobStatus(
  counts: ChunkCounts,
  { cancelRequested }: { cancelRequested: boolean },
): DerivedJobStatus {
  assertCounts(counts);
  const { pending, running, rateLimited, succeeded, failed, cancelled, total } = counts;
  if (cancelRequested) return running > 0 ? 'CANCELLING' : 'CANCELLED';
  if (pending + running + rateLimited > 0) return 'RUNNING';
  // Cancelled chunks without a cancel request: a resumed job whose chunks were not yet reset.
  if (cancelled > 0) return 'CANCELLED';
  if (failed === 0) return 'SUCCEEDED';
  return succeeded === 0 && failed === total ? 'FAILED' : 'COMPLETED_WITH_ERRORS';
}

function assertCounts(counts: ChunkCounts): void {
  const { total, ...parts } = counts;
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new InvalidChunkCountsError(`${name} must be a non-negative integer, got ${value}`);
    }
  }
  const sum = Object.values(parts).reduce((a, b) => a + b, 0);
  if (sum !== total) {
    throw new InvalidChunkCountsError(`chunk counts add up to ${sum}, not the total ${total}`);
  }
}
