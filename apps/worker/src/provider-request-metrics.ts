import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  PROVIDER_REQUEST_CHANNEL,
  type ProviderRequestEvent,
  type RequestOutcome,
} from '@tributary/connectors';
import { PROVIDERS } from '@tributary/core';
import { Counter, type Registry } from 'prom-client';

const OUTCOMES: RequestOutcome[] = ['ok', 'throttled', 'failed'];

/**
 * `tributary_provider_requests_total{provider, outcome}`: every HTTP request this process's
 * connectors sent to a provider (each retry is a request), as the connectors publish them.
 * Throttled and failed requests are what a provider's rate limits and outages cost us.
 */
export function countProviderRequests(registry: Registry): { close(): void } {
  const requests = new Counter({
    name: 'tributary_provider_requests_total',
    help: 'Requests sent to providers, by provider and outcome (ok, throttled: refused for a rate limit, failed: 5xx, network, malformed or auth)',
    labelNames: ['provider', 'outcome'],
    registers: [registry],
  });
  // Every series exists from the start at 0, so a rate() sees the first request.
  for (const provider of PROVIDERS) {
    for (const outcome of OUTCOMES) requests.inc({ provider, outcome }, 0);
  }
  const onRequest = (message: unknown) => {
    const { provider, outcome } = message as ProviderRequestEvent;
    requests.inc({ provider, outcome });
  };
  subscribe(PROVIDER_REQUEST_CHANNEL, onRequest);
  return { close: () => unsubscribe(PROVIDER_REQUEST_CHANNEL, onRequest) };
}
