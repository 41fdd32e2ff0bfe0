import type { RateLimitedError } from '../errors/app-error.ts';

/**
 * Result unions whose fields return errors as values rather than throwing them (shared unions,
 * schema/errors.ts sharedResultUnion), by name, with how to make a refusal such a value.
 */
export const REFUSED_AS_VALUE = new Map<string, (error: RateLimitedError) => unknown>();
