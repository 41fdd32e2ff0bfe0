// 'graphql/index.js', not 'graphql': under vitest a bare import resolves to graphql's ESM build
// while Pothos and Apollo (loaded by Node) get the CommonJS one, and two copies of graphql
// refuse each other's types. The explicit path is the same single copy in both runtimes.
import { GraphQLError } from 'graphql/index.js';
import type { ErrorCode } from './error-code.ts';

/**
 * Base of every error a client is meant to see. In a mutation it becomes a member of the
 * result union; in a query it is a GraphQL error whose `extensions.code` is stable. Anything
 * else is an internal error and is masked.
 */
export class AppError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
    this.code = code;
    this.name = 'AppError';
  }
}

export class ValidationError extends AppError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('VALIDATION', message, { field });
    this.name = 'ValidationError';
  }
}

/** Input echoed in a message, cut short: a 1 MB id must not come back as a 1 MB error. */
export function echo(value: string, max = 80): string {
  return value.length <= max ? value : `${value.slice(0, max)}… (${value.length} characters)`;
}

export class NotFoundError extends AppError {
  constructor(
    readonly entity: string,
    id: string,
    message = `No ${entity} with id ${echo(id)}`,
  ) {
    super('NOT_FOUND', message);
    this.name = 'NotFoundError';
  }
}

export class InvalidStateError extends AppError {
  constructor(message: string) {
    super('INVALID_STATE', message);
    this.name = 'InvalidStateError';
  }
}

export class SyncAlreadyRunningError extends AppError {
  /** `jobId` is the database id of the running job; the message quotes its GraphQL id. */
  constructor(
    readonly jobId: string,
    graphqlJobId: string,
  ) {
    super(
      'SYNC_ALREADY_RUNNING',
      `A sync is already running for this connection (job ${graphqlJobId})`,
      { jobId: graphqlJobId },
    );
    this.name = 'SyncAlreadyRunningError';
  }
}

export class AlreadyConnectedError extends AppError {
  /** `connectionId` is the database id of the existing connection. */
  constructor(
    readonly connectionId: string,
    message: string,
  ) {
    super('ALREADY_CONNECTED', message);
    this.name = 'AlreadyConnectedError';
  }
}

export class AuthError extends AppError {
  constructor(message = 'A valid API key is required: send Authorization: Bearer <key>') {
    super('UNAUTHENTICATED', message, { http: { status: 401 } });
    this.name = 'AuthError';
  }
}

/** The key is valid but may not do this (a READ key sending a mutation). */
export class ForbiddenError extends AppError {
  constructor(message: string) {
    super('FORBIDDEN', message, { http: { status: 403 } });
    this.name = 'ForbiddenError';
  }
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', `Too many requests for this API key; retry in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
      http: { status: 429 },
    });
    this.name = 'RateLimitedError';
  }
}
