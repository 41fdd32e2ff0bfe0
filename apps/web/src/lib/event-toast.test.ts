import { describe, expect, it } from 'vitest';
import type { SyncProgressEvent } from '../graphql/results.ts';
import { toastForEvent, toastKey } from './event-toast.ts';
import { job } from './test-fixtures.ts';

const event = (
  kind: SyncProgressEvent['kind'],
  overrides: Partial<SyncProgressEvent> = {},
): SyncProgressEvent => ({
  kind,
  message: null,
  at: '2026-01-10T12:00:00Z',
  job: job(),
  ...overrides,
});

describe('toastForEvent', () => {
  it('stays quiet for progress ticks and phase 1 completion (the modal covers it)', () => {
    expect(toastForEvent(event('PROGRESS'))).toBeNull();
    expect(toastForEvent(event('PHASE_COMPLETED'))).toBeNull();
    expect(toastForEvent(event('STATUS_CHANGED'))).toBeNull();
  });
  it('announces history completion once, whichever event reports it', () => {
    const history = job({ phase: 'HISTORICAL', status: 'SUCCEEDED' });
    const phaseDone = event('PHASE_COMPLETED', { job: history });
    const statusDone = event('STATUS_CHANGED', { job: history });
    expect(toastForEvent(phaseDone)).toMatchObject({
      tone: 'success',
      title: 'History sync complete',
    });
    expect(toastForEvent(statusDone)).toEqual(toastForEvent(phaseDone));
    expect(toastKey(statusDone)).toBe(toastKey(phaseDone));
  });
  it('uses the event message for retries, rate limits, failures and checkpoints', () => {
    for (const [kind, tone] of [
      ['CHUNK_RETRYING', 'info'],
      ['RATE_LIMITED', 'warning'],
      ['CHUNK_FAILED', 'error'],
      ['TIME_BUDGET_CHECKPOINT', 'info'],
    ] as const) {
      const toast = toastForEvent(event(kind, { message: 'chunk 3: HTTP 500' }));
      expect(toast?.tone).toBe(tone);
      expect(toast?.body).toContain('chunk 3: HTTP 500');
    }
  });
  it('reports failed jobs with their error, in words', () => {
    const toast = toastForEvent(
      event('STATUS_CHANGED', { job: job({ status: 'FAILED', error: 'token expired' }) }),
    );
    expect(toast).toMatchObject({
      tone: 'error',
      body: 'Ads: Facebook no longer accepts the sign-in for this ad account.',
    });
    const plain = toastForEvent(
      event('STATUS_CHANGED', { job: job({ status: 'FAILED', error: 'Its one chunk failed' }) }),
    );
    expect(plain).toMatchObject({ body: 'Ads: Its one chunk failed.' });
  });
});
