import type { ObjectRef } from '@pothos/core';
import { builder } from '../builder.ts';
import {
  AppError,
  AuthError,
  InvalidStateError,
  NotFoundError,
  RateLimitedError,
  SyncAlreadyRunningError,
  ValidationError,
} from '../errors/app-error.ts';
import { SyncJobRef } from './refs.ts';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

export const ErrorInterface = builder.interfaceRef<AppError>('Error').implement({
  fields: (t) => ({
    message: t.exposeString('message'),
  }),
});

const errorFields = { interfaces: [ErrorInterface] };

builder.objectType(AppError, {
  name: 'BaseError',
  ...errorFields,
  fields: (t) => ({ code: t.exposeString('code') }),
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

builder.objectType(AuthError, { name: 'AuthError', ...errorFields, fields: () => ({}) });

builder.objectType(RateLimitedError, {
  name: 'RateLimitedError',
  ...errorFields,
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});

export const SyncAlreadyRunningErrorRef = builder.objectType(SyncAlreadyRunningError, {
  name: 'SyncAlreadyRunningError',
  description: 'The connection already has a sync in progress; `job` is that sync.',
  ...errorFields,
  fields: (t) => ({
    job: t.field({
      type: SyncJobRef,
      nullable: true,
      resolve: (error, _args, ctx) => ctx.loaders.job.load(error.jobId),
    }),
  }),
});

/**
 * A result union shared by several fields (the errors plugin builds one union per field, but
 * cancelSync, resumeSync and retryFailedChunks all answer `SyncJobResult`).
 */
export function sharedResultUnion<T extends object>(
  name: string,
  success: ObjectRef<Types, T>,
  errors: { ref: ObjectRef<Types, AppError>; type: abstract new (...args: never[]) => AppError }[],
) {
  return builder.unionType(name, {
    types: [success, ...errors.map((e) => e.ref)],
    resolveType: (value) => {
      const match = errors.find((e) => value instanceof e.type);
      return match ? match.ref : success;
    },
  });
}

/** Runs a resolver and returns the listed errors as values, for a sharedResultUnion field. */
export async function catchInto<T>(
  errorTypes: (abstract new (...args: never[]) => AppError)[],
  work: () => Promise<T>,
): Promise<T | AppError> {
  try {
    return await work();
  } catch (error) {
    if (errorTypes.some((type) => error instanceof type)) return error as AppError;
    throw error;
  }
}
