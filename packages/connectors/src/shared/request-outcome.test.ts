import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { ProviderError } from '@tributary/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  observeRequest,
  PROVIDER_REQUEST_CHANNEL,
  type ProviderRequestEvent,
} from './request-outcome.ts';

let seen: ProviderRequestEvent[] = [];
const listener = (message: unknown) => seen.push(message as ProviderRequestEvent);
beforeEach(() => {
  seen = [];
  subscribe(PROVIDER_REQUEST_CHANNEL, listener);
});
afterEach(() => unsubscribe(PROVIDER_REQUEST_CHANNEL, listener));

const failure = (kind: ProviderError['kind']) =>
  new ProviderError('x', { provider: 'FACEBOOK_ADS', kind, endpoint: '/x' });

describe('observeRequest', () => {
  it('publishes ok, throttled for a rate limit and failed for any other failure', async () => {
    const signal = new AbortController().signal;
    await observeRequest('FACEBOOK_ADS', signal, async () => 1);
    for (const kind of ['rate_limited', 'retryable', 'malformed', 'auth_expired'] as const) {
      await expect(
        observeRequest('FACEBOOK_ADS', signal, () => Promise.reject(failure(kind))),
      ).rejects.toThrow();
    }
    expect(seen.map((e) => e.outcome)).toEqual(['ok', 'throttled', 'failed', 'failed', 'failed']);
    expect(new Set(seen.map((e) => e.provider))).toEqual(new Set(['FACEBOOK_ADS']));
  });

  it('publishes nothing for a call its caller cancelled', async () => {
    const cancel = new AbortController();
    cancel.abort();
    await expect(
      observeRequest('MICROSOFT_MAIL', cancel.signal, () => Promise.reject(cancel.signal.reason)),
    ).rejects.toThrow();
    expect(seen).toEqual([]);
  });
});
