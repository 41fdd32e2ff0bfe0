/** The engine asked for a chunk this connector cannot read (unknown kind, bad parameter). */
export class ChunkInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`FACEBOOK_PAGES chunk ${field}: ${message}`);
    this.name = 'ChunkInputError';
  }
}
