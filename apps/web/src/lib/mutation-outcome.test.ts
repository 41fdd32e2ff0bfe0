import { describe, expect, it } from 'vitest';
import { mutationOutcome } from './mutation-outcome.ts';

describe('mutationOutcome', () => {
  it('returns the success payload field', () => {
    const outcome = mutationOutcome(
      { data: { startSync: { __typename: 'StartSyncSuccess', job: { id: 'j' } } } },
      'startSync',
      'job',
    );
    expect(outcome).toEqual({ ok: true, value: { id: 'j' } });
  });
  it('turns a typed error into a friendly sentence', () => {
    const outcome = mutationOutcome(
      { data: { cancelSync: { __typename: 'NotFoundError', message: 'no job x' } } },
      'cancelSync',
      'job',
    );
    expect(outcome).toEqual({
      ok: false,
      message: 'That item no longer exists. It may have been removed.',
    });
  });
  it('reports transport errors before looking at data', () => {
    const outcome = mutationOutcome({ data: null, error: { networkError: {} } }, 'syncAll', 'jobs');
    expect(outcome.ok).toBe(false);
  });
});
