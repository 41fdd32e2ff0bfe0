import { isProviderError } from '@tributary/core';
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF } from './backoff.ts';
import { sleep } from './sleep.ts';

export type RetryOutcome<T> = { value: T; attempts: number };

/**
 * Runs `call`, retrying `retryable` and `malformed` ProviderErrors with jittered backoff: a
 * body cut short or garbled in transit is that one request's bad luck, like a 5xx, and a page
 * that needs many requests (a Messenger page reads each conversation's messages) would almost
 * never come through whole if any one of them failed it. A provider's own retry-after is
 * honoured when it fits under the cap; longer waits, rate limits and every other kind go
 * straight to the caller (the engine reschedules instead of holding a worker).
 */
export async function withRetry<T>(
  call: (attempt: number) => Promise<T>,
  signal: AbortSignal,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): Promise<RetryOutcome<T>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await call(attempt), attempts: attempt };
    } catch (error) {
      if (!isProviderError(error) || (error.kind !== 'retryable' && error.kind !== 'malformed'))
        throw error;
      if (attempt >= policy.maxAttempts) throw error;
      const retryAfter = error.retryAfterMs;
      if (retryAfter !== undefined && retryAfter > policy.capMs) throw error;
      const delay = Math.max(retryAfter ?? 0, backoffDelay(policy, attempt));
      await sleep(delay, signal);
    }
  }
}
