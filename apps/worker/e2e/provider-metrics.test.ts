// The worker's /metrics counts every request its connectors send, by provider and outcome,
// during a real sync against the sandbox: a mailbox with a tight rate limit and 5xx answers
// beside a healthy Messenger page. The sandbox's own per-account stats are the truth.
import { parsePrometheusText } from '@tributary/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

const MAILBOX = { provider: 'MICROSOFT_MAIL', id: 'user_61', messages: 200, ageDays: 200 };
const PAGE = { provider: 'FACEBOOK_PAGES', id: 'page_61', conversations: 30, ageDays: 200 };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    accounts: [MAILBOX, PAGE],
    metrics: true,
    config: { maxInlineWaitMs: 1500 },
  });
});
afterAll(async () => {
  await h?.stop();
});

async function scrape() {
  const res = await fetch(h.workers[0]!.metricsUrl!);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

const requests = (
  samples: Map<string, number>,
  provider: string,
  outcome: 'ok' | 'throttled' | 'failed',
) => samples.get(`tributary_provider_requests_total{provider="${provider}",outcome="${outcome}"}`);

describe('tributary_provider_requests_total', () => {
  it('counts requests, throttles and failures per provider as the sandbox served them', async () => {
    const before = await scrape();
    expect(before.types.get('tributary_provider_requests_total')).toBe('counter');
    for (const outcome of ['ok', 'throttled', 'failed'] as const) {
      expect(requests(before.samples, 'MICROSOFT_MAIL', outcome)).toBe(0);
      expect(requests(before.samples, 'FACEBOOK_ADS', outcome)).toBe(0);
    }

    await h.admin.setFaults({
      providers: {
        MICROSOFT_MAIL: {
          accounts: {
            [MAILBOX.id]: { errorRate: 0.15, rateLimit: { requests: 6, windowMs: 2000 } },
          },
        },
      },
    });
    await h.admin.resetStats();
    const mail = await h.connect('MICROSOFT_MAIL', MAILBOX.id);
    const page = await h.connect('FACEBOOK_PAGES', PAGE.id);
    await Promise.all([h.sync(mail, 'INITIAL'), h.sync(page, 'INITIAL')]);
    const jobs = [...(await h.settled(mail)), ...(await h.settled(page))];
    expect(jobs.map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);

    const served = (await h.admin.stats()).perAccount;
    const mailServed = served[`MICROSOFT_MAIL:${MAILBOX.id}`]!;
    const pageServed = served[`FACEBOOK_PAGES:${PAGE.id}`]!;
    // The faults were met, so the counters below have something to count.
    expect(mailServed.throttled).toBeGreaterThan(0);
    expect(mailServed.failed).toBeGreaterThan(0);

    const { samples } = await scrape();
    expect({
      ok: requests(samples, 'MICROSOFT_MAIL', 'ok'),
      throttled: requests(samples, 'MICROSOFT_MAIL', 'throttled'),
      failed: requests(samples, 'MICROSOFT_MAIL', 'failed'),
    }).toEqual({
      ok: mailServed.requests - mailServed.throttled - mailServed.failed,
      throttled: mailServed.throttled,
      failed: mailServed.failed,
    });
    expect({
      ok: requests(samples, 'FACEBOOK_PAGES', 'ok'),
      throttled: requests(samples, 'FACEBOOK_PAGES', 'throttled'),
      failed: requests(samples, 'FACEBOOK_PAGES', 'failed'),
    }).toEqual({ ok: pageServed.requests, throttled: 0, failed: 0 });
    expect(requests(samples, 'FACEBOOK_ADS', 'ok')).toBe(0);
    // The same sync moved the other counters of the list.
    expect(samples.get('tributary_chunk_run_seconds_count')).toBeGreaterThan(0);
    expect(samples.get('tributary_records_written{kind="inserted"}')).toBeGreaterThan(0);
    expect(samples.get('tributary_sync_jobs{status="SUCCEEDED"}')).toBe(4);
  }, 150_000);
});
