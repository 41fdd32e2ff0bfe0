/** A date range the user asked for cannot be synced; `field` names the input to fix. */
export class InvalidRangeError extends Error {
  readonly code = 'INVALID_RANGE' as const;
  readonly field: 'from' | 'to';

  constructor(field: 'from' | 'to', message: string) {
    super(message);
    this.name = 'InvalidRangeError';
    this.field = field;
  }
}

/** A window or batch is already as small as it may get; the caller must fail the chunk instead. */
export class CannotSplitError extends Error {
  readonly code = 'CANNOT_SPLIT' as const;

  constructor(message: string) {
    super(message);
    this.name = 'CannotSplitError';
  }
}

/** A planning function was called with arguments no caller should pass (a bug, not user input). */
export class InvalidPlanInputError extends Error {
  readonly code = 'INVALID_PLAN_INPUT' as const;

  constructor(message: string) {
    super(message);
    this.name = 'InvalidPlanInputError';
  }
}
