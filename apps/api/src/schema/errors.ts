import type { ObjectRef } from '@pothos/core';
import { builder } from '../builder.ts';
import {
  AlreadyConnectedError,
  AppError,
  AuthError,
  InvalidStateError,
  NotFoundError,
  RateLimitedError,
  SyncAlreadyRunningError,
  ValidationError,
} from '../errors/app-error.ts';
import { ERROR_CODES } from '../errors/error-code.ts';
import { REFUSED_AS_VALUE } from '../limits/refused-as-value.ts';
import { ConnectionRef, SyncJobRef } from './refs.ts';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

// graphql-js rethrows any Error a resolver returns, so errors returned as values (union members,
// SyncAllItem.error) travel as plain copies tagged with their GraphQL type.
const ERROR_TYPE = Symbol('errorType');

export const ErrorCodeEnum = builder.enumType('ErrorCode', {
  description: 'Stable error codes: switch on these, not on messages. Values are only added.',
  values: Object.fromEntries(
    Object.entries(ERROR_CODES).map(([code, description]) => [code, { description }]),
  ) as { [K in keyof typeof ERROR_CODES]: { description: string } },
});

export const ErrorInterface = builder.interfaceRef<AppError>('Error').implement({
  description:
    'Every typed error: a member of a mutation’s result union (or of SyncAllItem.error). Top-level GraphQL errors carry the same code in `extensions.code`.',
  resolveType: (value) => (value as { [ERROR_TYPE]?: string })[ERROR_TYPE] ?? 'BaseError',
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, resolve: (error) => error.code }),
    message: t.exposeString('message'),
  }),
});

const errorFields = { interfaces: [ErrorInterface] };

export const BaseErrorRef = builder.objectType(AppError, {
  name: 'BaseError',
  description: 'An error without a type of its own; `code` says what happened.',
  ...errorFields,
  fields: () => ({}),
});

export const ValidationErrorRef = builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input was rejected; `field` names the offending input field. Nothing changed.',
  ...errorFields,
  fields: (t) => ({ field: t.exposeString('field') }),
});

export const NotFoundErrorRef = builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'No such object in the caller’s workspace.',
  ...errorFields,
  fields: () => ({}),
});

export const InvalidStateErrorRef = builder.objectType(InvalidStateError, {
  name: 'InvalidStateError',
  description: 'The object exists but cannot do that in its current state.',
  ...errorFields,
  fields: () => ({}),
});

export const AuthErrorRef = builder.objectType(AuthError, {
  name: 'AuthError',
  description:
    'No valid API key. Over HTTP this is a 401 response (`extensions.code` UNAUTHENTICATED); over WebSocket the socket closes with 4403.',
  ...errorFields,
  fields: () => ({}),
});

export const RateLimitedErrorRef = builder.objectType(RateLimitedError, {
  name: 'RateLimitedError',
  description:
    'This mutation was refused: the API key spent its mutation budget (each mutation field costs one). Nothing changed; retry after `retryAfterSeconds`. A request refused as a whole is an HTTP 429 with a Retry-After header instead.',
  ...errorFields,
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});

export const AlreadyConnectedErrorRef = builder.objectType(AlreadyConnectedError, {
  name: 'AlreadyConnectedError',
  description:
    'The workspace already has a connection for this provider account; `connection` is it. Nothing changed (use updateConnection to give it a new token).',
  ...errorFields,
  fields: (t) => ({
    connection: t.field({
      type: ConnectionRef,
      resolve: async (error, _args, ctx) => {
        const connection = await ctx.loaders.connection.load(error.connectionId);
        if (!connection) throw new Error(`connection ${error.connectionId} not found`);
        return connection;
      },
    }),
  }),
});

export const SyncAlreadyRunningErrorRef = builder.objectType(SyncAlreadyRunningError, {
  name: 'SyncAlreadyRunningError',
  description: 'The connection already has a sync in progress; `job` is that sync.',
  ...errorFields,
  fields: (t) => ({
    job: t.field({
      type: SyncJobRef,
      // Non-null like StartSyncSuccess.job, so clients can select `job` on both in one query.
      resolve: async (error, _args, ctx) => {
        const job = await ctx.loaders.job.load(error.jobId);
        if (!job) throw new Error(`running job ${error.jobId} not found`);
        return job;
      },
    }),
  }),
});

type ErrorEntry = {
  ref: ObjectRef<Types, AppError>;
  type: abstract new (...args: never[]) => AppError;
};

type CaughtError = AppError & { [ERROR_TYPE]: string };

/** A plain copy of an API error that GraphQL resolves as its own error type. */
export function errorValue(error: AppError): AppError {
  const copy = {
    ...error,
    message: error.message,
    [ERROR_TYPE]: error.name === 'AppError' ? 'BaseError' : error.name,
  };
  return copy as unknown as CaughtError;
}

/** The GraphQL error type a mutation answered with, or null when it answered success. */
export function errorTypeName(value: unknown): string | null {
  if (value instanceof AppError) return value.name === 'AppError' ? 'BaseError' : value.name;
  if (value && typeof value === 'object' && ERROR_TYPE in value) {
    return String((value as CaughtError)[ERROR_TYPE]);
  }
  // The errors plugin answers a thrown error as a Proxy of it, which `instanceof` does not see
  // through (audited outcomes read SUCCESS); its properties still read from the error.
  if (value && typeof value === 'object') {
    const { name, code } = value as { name?: unknown; code?: unknown };
    if (typeof name === 'string' && typeof code === 'string' && code in ERROR_CODES) {
      return name === 'AppError' ? 'BaseError' : name;
    }
  }
  return null;
}

/**
 * A result union shared by several fields (the errors plugin builds one union per field, but
 * cancelSync, resumeSync and retryFailedChunks all answer `SyncJobResult`).
 */
export function sharedResultUnion<T extends object>(
  name: string,
  success: ObjectRef<Types, T>,
  errors: ErrorEntry[],
) {
  REFUSED_AS_VALUE.set(name, (error) => errorValue(error));
  return builder.unionType(name, {
    types: [success, ...errors.map((e) => e.ref)],
    resolveType: (value) => (value as Partial<CaughtError>)[ERROR_TYPE] ?? success.name,
  });
}

/** Runs a resolver and returns the listed errors as values, for a sharedResultUnion field. */
export async function catchInto<T>(
  errors: ErrorEntry[],
  work: () => Promise<T>,
): Promise<T | AppError> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // An AppError of a type the union does not list is still an intended error: BaseError.
    const listed = errors.some((e) => e.type !== AppError && error.constructor === e.type);
    return listed ? errorValue(error) : baseErrorValue(error);
  }
}

function baseErrorValue(error: AppError): AppError {
  return { ...errorValue(error), [ERROR_TYPE]: 'BaseError' } as unknown as CaughtError;
}

/** Members every result union has: the base error and the refused-by-budget error. */
export const COMMON_ERRORS: ErrorEntry[] = [
  { ref: BaseErrorRef, type: AppError },
  { ref: RateLimitedErrorRef, type: RateLimitedError },
];
