import { channel } from 'node:diagnostics_channel';
import { isProviderError, type ProviderId } from '@tributary/core';

/** How one request to a provider went: answered, refused for its rate limit, or failed. */
export type RequestOutcome = 'ok' | 'throttled' | 'failed';

export type ProviderRequestEvent = { provider: ProviderId; outcome: RequestOutcome };

/**
 * Every provider request's outcome is published here (node:diagnostics_channel), so the
 * process that runs the connectors can count them (the worker's /metrics) without this
 * package knowing about metrics. Publishing costs nothing while nobody subscribes.
 */
export const PROVIDER_REQUEST_CHANNEL = 'tributary:provider-request';
const requests = channel(PROVIDER_REQUEST_CHANNEL);

/**
 * Runs one attempt of a provider call (one HTTP request and the reading of its answer) and
 * publishes its outcome: a rate-limit refusal is `throttled`, any other ProviderError (5xx,
 * reset, timeout, malformed body, auth) `failed`. A cancel by the caller is no outcome at all.
 */
export async function observeRequest<T>(
  provider: ProviderId,
  signal: AbortSignal,
  attempt: () => Promise<T>,
): Promise<T> {
  try {
    const value = await attempt();
    publish(provider, 'ok');
    return value;
  } catch (error) {
    if (!signal.aborted || isProviderError(error)) {
      publish(
        provider,
        isProviderError(error) && error.kind === 'rate_limited' ? 'throttled' : 'failed',
      );
    }
    throw error;
  }
}

function publish(provider: ProviderId, outcome: RequestOutcome): void {
  if (requests.hasSubscribers)
    requests.publish({ provider, outcome } satisfies ProviderRequestEvent);
}
