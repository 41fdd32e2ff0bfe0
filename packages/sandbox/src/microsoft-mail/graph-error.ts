import { randomUUID } from 'node:crypto';
import type { SandboxResponse } from '../shared/types.ts';

/** Thrown inside the emulator's handlers; `handle` turns it into Graph's error response. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

/**
 * Graph's error envelope: `{error: {code, message, innerError: {date, request-id, client-request-id}}}`.
 * https://learn.microsoft.com/en-us/graph/errors; throttled answers are 429 with `Retry-After`
 * (https://learn.microsoft.com/en-us/graph/throttling).
 */
export function graphErrorResponse(
  status: number,
  code: string,
  message: string,
  options: { now: Date; clientRequestId?: string; headers?: Record<string, string> },
): SandboxResponse {
  const requestId = randomUUID();
  const clientRequestId = options.clientRequestId ?? requestId;
  return {
    status,
    headers: {
      'request-id': requestId,
      'client-request-id': clientRequestId,
      ...options.headers,
    },
    body: {
      error: {
        code,
        message,
        innerError: {
          date: options.now.toISOString().replace(/\.\d{3}Z$/, ''),
          'request-id': requestId,
          'client-request-id': clientRequestId,
        },
      },
    },
  };
}
