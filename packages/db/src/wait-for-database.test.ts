import { describe, expect, it } from 'vitest';
import { findFreePort } from './free-port.ts';
import { createTestDatabase } from './testing/test-database.ts';
import {
  isDatabaseUnavailable,
  retryWhileDatabaseUnavailable,
  waitForDatabase,
} from './wait-for-database.ts';

describe('waitForDatabase', () => {
  it('tells a database that is down or restarting from a wrong setting', () => {
    expect(
      isDatabaseUnavailable(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('starting up'), { code: '57P03' }))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('password'), { code: '28P01' }))).toBe(
      false,
    );
    expect(isDatabaseUnavailable(Object.assign(new Error('no such db'), { code: '3D000' }))).toBe(
      false,
    );
  });

  it('keeps trying while nothing listens, then gives up with the connection error', async () => {
    const port = await findFreePort();
    const waits: unknown[] = [];
    await expect(
      waitForDatabase(`postgresql://u:p@127.0.0.1:${port}/db`, {
        timeoutMs: 300,
        onWait: (error) => waits.push(error),
      }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(waits).toHaveLength(1);
  });

  it('repeats a startup step the database went away during, and only that kind of failure', async () => {
    const db = await createTestDatabase({ empty: true });
    try {
      let calls = 0;
      const retried: unknown[] = [];
      const value = await retryWhileDatabaseUnavailable(
        db.url,
        async () => {
          calls++;
          if (calls === 1)
            throw Object.assign(new Error('terminating connection'), { code: '57P01' });
          return 'registered';
        },
        { onRetry: (error) => retried.push(error) },
      );
      expect([value, calls, retried.length]).toEqual(['registered', 2, 1]);

      const wrong = Object.assign(new Error('permission denied'), { code: '42501' });
      let attempts = 0;
      await expect(
        retryWhileDatabaseUnavailable(db.url, async () => {
          attempts++;
          throw wrong;
        }),
      ).rejects.toBe(wrong);
      expect(attempts).toBe(1);
    } finally {
      await db.drop();
    }
  });
});
