import { isProviderError, type ProviderError } from '@tributary/core';

/** The ProviderError a call rejects with; anything else (or resolving) fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}
