import { describe, expect, it } from 'vitest';
import { connectionSyncState } from './connection-state.ts';
import { plural } from './plural.ts';
import { job } from './test-fixtures.ts';

const connection = { id: 'c1', status: 'ACTIVE', statusMessage: null };

describe('connectionSyncState', () => {
  it('is syncing while any job of the connection is queued or running', () => {
    const state = connectionSyncState(connection, [
      job({ id: 'r', status: 'SUCCEEDED' }),
      job({ id: 'h', phase: 'HISTORICAL', status: 'PENDING' }),
    ]);
    expect(state).toMatchObject({ kind: 'syncing', job: { id: 'h' } });
  });

  it('shows a failed phase 1 with its reason, not the history phase it cancelled', () => {
    const state = connectionSyncState(connection, [
      job({ id: 'r', status: 'FAILED', error: 'Planning failed' }),
      job({
        id: 'h',
        phase: 'HISTORICAL',
        status: 'CANCELLED',
        previousPhase: { id: 'r', status: 'FAILED' },
      }),
    ]);
    expect(state).toMatchObject({
      kind: 'problem',
      tone: 'error',
      reason: 'Planning failed',
      action: 'SYNC_AGAIN',
      job: { id: 'r' },
    });
  });

  it('offers to retry failed chunks and counts them in words', () => {
    const counts = { ...job().chunkCounts, failed: 1, succeeded: 9, total: 10 };
    const state = connectionSyncState(connection, [
      job({ status: 'COMPLETED_WITH_ERRORS', chunkCounts: counts }),
    ]);
    expect(state).toMatchObject({
      tone: 'warn',
      title: 'Last sync finished with 1 failed chunk',
      action: 'RETRY_FAILED',
    });
  });

  it('shows a cancel as neutral, with Resume', () => {
    const state = connectionSyncState(connection, [job({ status: 'CANCELLED' })]);
    expect(state).toMatchObject({ tone: 'neutral', action: 'RESUME' });
  });

  it('asks to reconnect when the sign-in expired', () => {
    const state = connectionSyncState(
      { ...connection, status: 'NEEDS_REAUTH', statusMessage: null },
      [job({ status: 'FAILED' })],
    );
    expect(state).toMatchObject({ tone: 'error', action: 'RECONNECT' });
  });

  it('is idle after a clean sync', () => {
    expect(connectionSyncState(connection, [job()]).kind).toBe('idle');
    expect(connectionSyncState(connection, []).kind).toBe('idle');
  });
});

describe('plural', () => {
  it('agrees with the count', () => {
    expect(plural(1, 'chunk')).toBe('1 chunk');
    expect(plural(0, 'chunk')).toBe('0 chunks');
    expect(plural(1200, 'record')).toBe('1,200 records');
  });
});
