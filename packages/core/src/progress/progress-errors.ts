/** Progress arithmetic was given counts or durations no caller should pass (a bug). */
export class InvalidProgressInputError extends Error {
  readonly code = 'INVALID_PROGRESS_INPUT' as const;

  constructor(message: string) {
    super(message);
    this.name = 'InvalidProgressInputError';
  }
}
