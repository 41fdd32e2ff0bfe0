/** Typed errors of the sync control functions; the API maps each to a GraphQL error type. */
export class SyncControlError extends Error {
  readonly code: string = 'SYNC_CONTROL';
}

export class NotFoundError extends SyncControlError {
  override readonly code = 'NOT_FOUND';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`No ${entity} with id ${id} in this workspace`);
    this.name = 'NotFoundError';
  }
}

export class ValidationError extends SyncControlError {
  override readonly code = 'VALIDATION';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

export class SyncAlreadyRunningError extends SyncControlError {
  override readonly code = 'SYNC_ALREADY_RUNNING';
  constructor(readonly jobId: string) {
    super(`A sync is already running for this connection (job ${jobId})`);
    this.name = 'SyncAlreadyRunningError';
  }
}

export class InvalidStateError extends SyncControlError {
  override readonly code = 'INVALID_STATE';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidStateError';
  }
}
