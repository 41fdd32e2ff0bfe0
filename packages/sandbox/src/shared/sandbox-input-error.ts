/** Bad admin input (unknown account, stream, malformed ops): answered 400, nothing changed. */
export class SandboxInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'SandboxInputError';
  }
}
