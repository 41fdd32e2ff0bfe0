export const CHUNK_STATUSES = [
  'PENDING',
  'RUNNING',
  'RATE_LIMITED',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
] as const;
export type ChunkStatus = (typeof CHUNK_STATUSES)[number];

/** A chunk was asked to move between statuses the state machine does not connect. */
export class InvalidTransitionError extends Error {
  readonly code = 'INVALID_TRANSITION' as const;
  readonly from: ChunkStatus;
  readonly to: ChunkStatus;

  constructor(from: ChunkStatus, to: ChunkStatus) {
    super(`a chunk cannot go from ${from} to ${to}`);
    this.name = 'InvalidTransitionError';
    this.from = from;
    this.to = to;
  }
}

/** The statuses a chunk may move to from `from`. */
export function allowedTransitions(from: ChunkStatus): readonly ChunkStatus[] {
  switch (from) {
    case 'PENDING':
      return ['RUNNING', 'CANCELLED'];
    case 'RUNNING':
      // PENDING: retry after a failed attempt, time/page budget checkpoint, or lease lost.
      return ['SUCCEEDED', 'FAILED', 'PENDING', 'RATE_LIMITED', 'CANCELLED'];
    case 'RATE_LIMITED':
      return ['RUNNING', 'CANCELLED', 'PENDING'];
    case 'FAILED':
      return ['PENDING']; // retryFailedChunks
    case 'CANCELLED':
      return ['PENDING']; // resumeSync
    case 'SUCCEEDED':
      return [];
    default:
      return assertNever(from);
  }
}

export function canTransition(from: ChunkStatus, to: ChunkStatus): boolean {
  return allowedTransitions(from).includes(to);
}

export function assertTransition(from: ChunkStatus, to: ChunkStatus): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}

function assertNever(value: never): never {
  throw new Error(`unknown chunk status ${String(value)}`);
}
