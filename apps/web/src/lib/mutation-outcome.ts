import { friendlyMutationError, friendlyRequestError } from './friendly-error.ts';

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

type Payload = { __typename?: string; message?: string | null } & Record<string, unknown>;

/**
 * Reads a mutation result: transport and GraphQL errors, then the union's typed error, then
 * the success payload's `field` (e.g. `job`, `connection`).
 */
export function mutationOutcome<T>(
  result: {
    data?: Record<string, unknown> | null;
    error?: Parameters<typeof friendlyRequestError>[0];
  },
  mutation: string,
  field: string,
): Outcome<T> {
  const requestError = friendlyRequestError(result.error);
  if (requestError) return { ok: false, message: requestError };
  const payload = result.data?.[mutation] as Payload | undefined;
  if (!payload) return { ok: false, message: 'The server returned no answer. Please try again.' };
  const value = payload[field];
  if (value === undefined || value === null) {
    return {
      ok: false,
      message: friendlyMutationError(payload.__typename ?? 'Error', payload.message),
    };
  }
  return { ok: true, value: value as T };
}
