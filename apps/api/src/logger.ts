import pino, { type Logger } from 'pino';

/** Tokens and keys never reach the logs, wherever they appear in a logged object. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  'connectionParams.authorization',
  '*.authorization',
  'accessToken',
  'refreshToken',
  '*.accessToken',
  '*.refreshToken',
  'credentials',
  '*.credentials',
  'key',
  '*.key',
];

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: 'api', level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
}
