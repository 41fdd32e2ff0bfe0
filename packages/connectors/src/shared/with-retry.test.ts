import { ProviderError, type ProviderErrorKind } from '@tributary/core';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';
import { withRetry } from './with-retry.ts';

const fast = { maxAttempts: 3, baseMs: 1, capMs: 50 };
const signal = new AbortController().signal;

function failure(kind: ProviderErrorKind, retryAfterMs?: number) {
  return new ProviderError(`FACEBOOK_ADS /x: ${kind}`, {
    provider: 'FACEBOOK_ADS',
    kind,
    endpoint: '/x',
    retryAfterMs,
  });
}

function failingTimes(times: number, error: ProviderError) {
  let calls = 0;
  const call = async () => {
    calls++;
    if (calls <= times) throw error;
    return 'ok';
  };
  return { call, calls: () => calls };
}

describe('withRetry', () => {
  it('retries retryable failures and reports the attempts', async () => {
    const { call } = failingTimes(2, failure('retryable'));
    await expect(withRetry(call, signal, fast)).resolves.toEqual({ value: 'ok', attempts: 3 });
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { call, calls } = failingTimes(5, failure('retryable'));
    await expect(withRetry(call, signal, fast)).rejects.toMatchObject({ kind: 'retryable' });
    expect(calls()).toBe(3);
  });

  it('retries a malformed body like a 5xx', async () => {
    const { call, calls } = failingTimes(2, failure('malformed'));
    await expect(withRetry(call, signal, fast)).resolves.toEqual({ value: 'ok', attempts: 3 });
    expect(calls()).toBe(3);
  });

  it.each(['rate_limited', 'auth_expired', 'permanent', 'request_too_large'] as const)(
    'does not retry %s: the engine decides',
    async (kind) => {
      const { call, calls } = failingTimes(1, failure(kind, 5));
      await expect(withRetry(call, signal, fast)).rejects.toMatchObject({ kind });
      expect(calls()).toBe(1);
    },
  );

  it('waits a retryable error’s retryAfterMs when it fits under the cap, and hands longer ones back', async () => {
    const short = failingTimes(1, failure('retryable', 30));
    const started = performance.now();
    await withRetry(short.call, signal, fast);
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
    const long = failingTimes(1, failure('retryable', 60_000));
    await expect(withRetry(long.call, signal, fast)).rejects.toMatchObject({
      retryAfterMs: 60_000,
    });
    expect(long.calls()).toBe(1);
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const { call } = failingTimes(1, failure('retryable', 40));
    const pending = withRetry(call, controller.signal, { ...fast, capMs: 1000 });
    controller.abort(new Error('cancelled'));
    await expect(pending).rejects.toThrow('cancelled');
  });
});

describe('backoffDelay', () => {
  it('draws from zero up to an exponential ceiling that stops at the cap', () => {
    const policy = { maxAttempts: 10, baseMs: 100, capMs: 2000 };
    expect(backoffDelay(policy, 1, () => 0.999)).toBe(99);
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(200);
    expect(backoffDelay(policy, 9, () => 0.999)).toBe(1998);
    expect(backoffDelay(policy, 2, () => 0)).toBe(0);
  });
});
