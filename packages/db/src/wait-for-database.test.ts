import { describe, expect, it } from 'vitest';
import { findFreePort } from './free-port.ts';
import { isDatabaseUnavailable, waitForDatabase } from './wait-for-database.ts';

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
});
