import { createPool, type Pool } from '@tributary/db';
import { createTestDatabase, type TestDatabase } from '@tributary/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetKey, Governor } from './governor.ts';

type StoredState = { requestsInWindow: number; percentUsed: number; blockedUntilMs: number | null };

let db: TestDatabase;
let pools: Pool[];

beforeAll(async () => {
  db = await createTestDatabase();
  pools = [createPool(db.url, 4), createPool(db.url, 4)];
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await db.drop();
});

async function stored(key: string): Promise<StoredState> {
  const { rows } = await pools[0]!.query<{ usage: { state: StoredState } }>(
    'SELECT usage FROM rate_budgets WHERE key = $1',
    [key],
  );
  return rows[0]!.usage.state;
}

const reading = (key: string, percentUsed: number, regainAccessMs?: number) => ({
  key,
  percentUsed,
  raw: {},
  ...(regainAccessMs ? { regainAccessMs } : {}),
});

describe('Governor (shared budget row)', () => {
  it('loses no reservation when two processes reserve on one account at once', async () => {
    const [a, b] = pools.map((p) => new Governor(p));
    const key = 'FACEBOOK_PAGES:page_race';
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a! : b!).reserve('FACEBOOK_PAGES', key)),
    );
    expect((await stored(key)).requestsInWindow).toBe(40);
  });

  it('stores a quiet reading with the next reservation, and a pacing one at once', async () => {
    const governor = new Governor(pools[0]!);
    const key = 'FACEBOOK_ADS:act_readings';
    await governor.reserve('FACEBOOK_ADS', key);

    await governor.observe('FACEBOOK_ADS', [reading(key, 30)]);
    expect((await stored(key)).percentUsed).toBe(0);
    await governor.reserve('FACEBOOK_ADS', key);
    expect((await stored(key)).percentUsed).toBe(30);

    await governor.observe('FACEBOOK_ADS', [reading(key, 99, 120_000)]);
    const blocked = await stored(key);
    expect(blocked.percentUsed).toBe(99);
    expect(blocked.blockedUntilMs).toBeGreaterThan(Date.now() + 60_000);
    // Every process now waits: another governor's reservation is refused with the block's wait.
    const other = await new Governor(pools[1]!).reserve('FACEBOOK_ADS', key);
    expect(other.reserved).toBe(false);
    expect(other.waitMs).toBeGreaterThan(60_000);
  });

  it('stores a quiet reading on flush when no reservation follows', async () => {
    const governor = new Governor(pools[0]!);
    const key = 'FACEBOOK_ADS:act_flush';
    await governor.reserve('FACEBOOK_ADS', key);
    await governor.observe('FACEBOOK_ADS', [reading(key, 42)]);
    await governor.flush();
    expect((await stored(key)).percentUsed).toBe(42);
  });

  // https://developers.facebook.com/docs/graph-api/overview/rate-limiting ("Business Use Case"):
  // Marketing API insights and ads management calls are separate budgets.
  it('keeps one budget per bucket: a throttled insights budget leaves management calls free', async () => {
    const governor = new Governor(pools[0]!);
    const insights = budgetKey('FACEBOOK_ADS', 'act_buckets', 'insights');
    const management = budgetKey('FACEBOOK_ADS', 'act_buckets', 'structure');
    expect(insights).toBe('FACEBOOK_ADS:act_buckets:ads_insights');
    expect(management).toBe('FACEBOOK_ADS:act_buckets:ads_management');
    expect(budgetKey('MICROSOFT_MAIL', 'user_1', 'window')).toBe('MICROSOFT_MAIL:user_1');
    await governor.throttled('FACEBOOK_ADS', insights, 120_000);
    expect((await governor.reserve('FACEBOOK_ADS', insights)).reserved).toBe(false);
    // The management budget's first call: one of ours in its window.
    expect(await governor.reserve('FACEBOOK_ADS', management)).toEqual({
      waitMs: 0,
      reserved: true,
      outage: false,
      callsAtSend: 1,
    });
  });

  it('opens an account’s breaker for every process after close failures; a success closes it', async () => {
    const policy = {
      failureThreshold: 2,
      windowMs: 10_000,
      minWaitMs: 60_000,
      maxWaitMs: 60_000,
      probeTimeoutMs: 5_000,
    };
    const [a, b] = pools.map((p) => new Governor(p, policy));
    const key = 'FACEBOOK_PAGES:page_outage';
    expect(await a!.failed('FACEBOOK_PAGES', key, 'HTTP 503')).toEqual({
      opened: false,
      firstOpening: false,
      parkUntilMs: null,
    });
    const opened = await a!.failed('FACEBOOK_PAGES', key, 'HTTP 503');
    expect(opened.opened).toBe(true);
    expect(opened.firstOpening).toBe(true);
    expect(opened.parkUntilMs).toBeGreaterThan(Date.now() + 50_000);
    // Another process is held too, and learns the breaker is unsettled from the row.
    const held = await b!.reserve('FACEBOOK_PAGES', key);
    expect(held).toMatchObject({ reserved: false, outage: true });
    expect(held.waitMs).toBeGreaterThan(50_000);
    // A request that was already in flight succeeds: the provider answers, the outage is over.
    expect(await b!.succeeded('FACEBOOK_PAGES', key)).toBe(true);
    expect(await a!.reserve('FACEBOOK_PAGES', key)).toEqual({
      waitMs: 0,
      reserved: true,
      outage: false,
      callsAtSend: 1,
    });
    // A healthy account's successes write nothing.
    expect(await a!.succeeded('FACEBOOK_PAGES', key)).toBe(false);
  });
});
