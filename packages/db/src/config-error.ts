/**
 * A configuration problem the operator must fix. Start-up prints `message` as one line
 * (no stack trace) and exits non-zero.
 */
export class ConfigError extends Error {
  readonly code = 'CONFIG_ERROR';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}
