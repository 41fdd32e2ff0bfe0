import { describe, expect, it } from 'vitest';
import { phaseProgress } from './phase-progress.ts';
import { job } from './test-fixtures.ts';

describe('phaseProgress', () => {
  it('reports nothing for a connection without jobs', () => {
    expect(phaseProgress({ id: 'c1' }, [])).toEqual({ recent: null, historical: null });
  });
  it('trusts the connection for finished phases whose jobs are out of the list', () => {
    expect(
      phaseProgress({ id: 'c1', recentComplete: true, historicalComplete: false }, []),
    ).toEqual({
      recent: { jobId: null, status: 'SUCCEEDED', percent: 100 },
      historical: null,
    });
  });
  it('takes the newest job of each phase for this connection only', () => {
    const jobs = [
      job({
        id: 'old',
        phase: 'RECENT',
        status: 'FAILED',
        percent: 40,
        createdAt: '2026-01-01T00:00:00Z',
      }),
      job({
        id: 'new',
        phase: 'RECENT',
        status: 'SUCCEEDED',
        percent: 99.9,
        createdAt: '2026-01-02T00:00:00Z',
      }),
      job({ id: 'hist', phase: 'HISTORICAL', status: 'RUNNING', percent: 12 }),
      job({
        id: 'other',
        phase: 'HISTORICAL',
        connection: {
          id: 'c2',
          provider: 'MICROSOFT_MAIL',
          displayName: 'Mail',
          externalAccountId: 'u',
        },
      }),
    ];
    expect(phaseProgress({ id: 'c1' }, jobs)).toEqual({
      recent: { jobId: 'new', status: 'SUCCEEDED', percent: 100 },
      historical: { jobId: 'hist', status: 'RUNNING', percent: 12 },
    });
  });
});
