import { ProviderError } from '@tributary/core';

/** A chunk the connector cannot read as given: the engine's bug, so never retried. */
export function chunkError(message: string): ProviderError {
  return new ProviderError(`FACEBOOK_ADS chunk: ${message}`, {
    provider: 'FACEBOOK_ADS',
    kind: 'permanent',
    endpoint: '(chunk)',
  });
}
