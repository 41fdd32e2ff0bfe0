import { ProviderError, type ProviderId } from '@tributary/core';

/**
 * A call (or a redirect, or a paging link) aimed at a host this connection's credentials may
 * not go to. Nothing was sent: permanent, because retrying would only aim at the same host.
 */
export class HostNotAllowedError extends ProviderError {
  readonly origin: string;

  constructor(provider: ProviderId, endpoint: string, origin: string, what: string) {
    super(`${provider} ${endpoint}: ${what} ${origin}, which this connection may not call`, {
      provider,
      kind: 'permanent',
      endpoint,
      providerCode: 'host_not_allowed',
    });
    this.name = 'HostNotAllowedError';
    this.origin = origin;
  }
}
