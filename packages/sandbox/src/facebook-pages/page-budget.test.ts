import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxServer, startSandboxServer } from '../server/server.ts';
import { CALLS_PER_ENGAGED_USER } from './page-budget.ts';

// Pages BUC limit: "Calls within 24 hours = 4800 * Number of Engaged Users", code 80001 and
// X-Business-Use-Case-Usage type `pages`: https://developers.facebook.com/docs/graph-api/overview/rate-limiting#pages
// Engaged users: the people the Page can message (who wrote within the 24-hour window):
// https://developers.facebook.com/documentation/business-messaging/messenger-platform/overview/rate-limiting
let sandbox: SandboxServer;
beforeAll(async () => {
  sandbox = await startSandboxServer({ seed: 3 });
});
afterAll(() => sandbox.close());

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(new URL(`__sandbox${path}`, sandbox.url), {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

function usage(response: Response): {
  call_count: number;
  estimated_time_to_regain_access: number;
} {
  const header = JSON.parse(response.headers.get('x-business-use-case-usage') ?? '{}');
  return header.page_9?.[0];
}

const read = () =>
  fetch(
    `${sandbox.providers.FACEBOOK_PAGES}/v21.0/page_9/conversations?access_token=EAAB-x&limit=1`,
  );

async function calls(n: number): Promise<Response[]> {
  const out: Response[] = [];
  for (let done = 0; done < n; done += 200)
    out.push(...(await Promise.all(Array.from({ length: Math.min(200, n - done) }, () => read()))));
  return out;
}

const quietPage = { provider: 'FACEBOOK_PAGES', id: 'page_9', conversations: 20, ageDays: 400 };

describe('Pages emulator: the documented Page budget', () => {
  it('allows 4,800 calls per engaged user per 24 hours, reported as a share', async () => {
    await admin('POST', '/reset', { seed: 3, accounts: [quietPage] });
    const spent = await calls(96);
    expect(spent.every((c) => c.status === 200)).toBe(true);
    expect(usage(spent.at(-1)!).call_count).toBe(2); // 96 of 4,800
    // Three more people write: at least three times the budget, so 144 calls are 1% (3% before).
    await admin('POST', '/reset', { seed: 3, accounts: [quietPage] });
    await admin('POST', '/mutate', {
      provider: 'FACEBOOK_PAGES',
      accountId: 'page_9',
      add: { conversations: 3 },
    });
    expect(usage((await calls(144)).at(-1)!).call_count).toBe(1); // 144 of ≥ 14,400
  });

  it('answers 80001 with the usage headers once the day’s budget is spent', async () => {
    await admin('POST', '/reset', { seed: 3, accounts: [quietPage] });
    const spent = await calls(CALLS_PER_ENGAGED_USER);
    expect(spent.every((c) => c.status === 200)).toBe(true);
    const refused = await read();
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: number } }).error.code).toBe(80001);
    const header = usage(refused);
    expect(header.call_count).toBeGreaterThanOrEqual(100);
    // The oldest call leaves the 24-hour window about a day from now (in minutes, as Graph says).
    expect(header.estimated_time_to_regain_access).toBeGreaterThan(23 * 60);
  });
});
