import { globalId } from '../schema/ids.ts';
import {
  AppError,
  InvalidStateError,
  NotFoundError,
  SyncAlreadyRunningError,
  ValidationError,
} from './app-error.ts';

type EngineError = Error & {
  code?: unknown;
  field?: unknown;
  jobId?: unknown;
  entity?: unknown;
  id?: unknown;
};

// The engine names objects by database id; clients know them by their GraphQL ids.
const TYPENAME_OF_ENTITY: Record<string, string> = {
  connection: 'Connection',
  'sync job': 'SyncJob',
};

/**
 * Translates the engine's typed errors (@tributary/db sync control) into API errors, by their
 * stable `code`; anything else is rethrown untouched (and masked as internal).
 */
export function fromEngineError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof AppError) return error;
  const e = error as EngineError;
  switch (e.code) {
    case 'NOT_FOUND': {
      const entity = typeof e.entity === 'string' ? e.entity : 'object';
      const typename = TYPENAME_OF_ENTITY[entity];
      const id = typeof e.id === 'string' ? e.id : '';
      return new NotFoundError(entity, typename && id ? globalId(typename, id) : id);
    }
    case 'VALIDATION':
      return new ValidationError(typeof e.field === 'string' ? e.field : 'input', e.message);
    case 'SYNC_ALREADY_RUNNING':
      return new SyncAlreadyRunningError(String(e.jobId), globalId('SyncJob', String(e.jobId)));
    case 'INVALID_STATE':
      return new InvalidStateError(e.message);
    default:
      return error;
  }
}

/** Runs an engine call and rethrows its typed errors as API errors. */
export async function callEngine<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw fromEngineError(error);
  }
}
