import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxServer, startSandboxServer } from './server.ts';

// biome-ignore lint/suspicious/noExplicitAny: admin and Graph answers are read loosely in tests.
type Json = Record<string, any>;
let sandbox: SandboxServer;
const SMALL = {
  provider: 'FACEBOOK_ADS',
  id: 'act_42',
  campaigns: 3,
  adsets: 4,
  ads: 5,
  ageDays: 60,
};

beforeAll(async () => {
  sandbox = await startSandboxServer({ seed: 11 });
});
afterAll(() => sandbox.close());
beforeEach(() => admin('POST', '/reset', { seed: 11, accounts: [SMALL] }));

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(new URL(`__sandbox${path}`, sandbox.url), {
    method,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Json };
}

const truth = (stream = 'campaigns') =>
  admin('GET', `/truth?provider=FACEBOOK_ADS&accountId=act_42&stream=${stream}`);

describe('sandbox admin API', () => {
  it('lists every provider base URL', async () => {
    const { json } = await admin('GET', '');
    expect(json.providers).toEqual({
      FACEBOOK_ADS: `${sandbox.url}graph`,
      FACEBOOK_PAGES: `${sandbox.url}graph`,
      MICROSOFT_MAIL: `${sandbox.url}msgraph`,
    });
  });

  it.each([
    [{ seed: 'x' }, 'seed'],
    [{ accounts: [{ provider: 'MYSPACE' }] }, 'accounts.0.provider'],
    [{ accounts: [{ ...SMALL, campaigns: -1 }] }, 'accounts.0.campaigns'],
    [{ accounts: [{ ...SMALL, id: '42' }] }, 'accounts.0.id'],
    [{ accounts: [{ ...SMALL, surprise: 1 }] }, 'accounts.0.surprise'],
    ['{not json', '(body)'],
  ])('rejects reset %j with 400 naming %s, changing nothing', async (body, field) => {
    const before = await truth();
    const { status, json } = await admin('POST', '/reset', body);
    expect(status).toBe(400);
    expect(json.error.field).toBe(field);
    expect(await truth()).toEqual(before);
  });

  it('reseeds deterministically: same seed same data, other seed other data', async () => {
    const first = (await truth('ad_insights_daily')).json;
    await admin('POST', '/reset', { seed: 11, accounts: [SMALL] });
    expect((await truth('ad_insights_daily')).json).toEqual(first);
    await admin('POST', '/reset', { seed: 12, accounts: [SMALL] });
    expect((await truth('ad_insights_daily')).json.digest).not.toBe(first.digest);
  });

  it.each([
    [{ provider: 'FACEBOOK_ADS', accountId: 'act_9', update: { campaigns: 1 } }, 'accountId'],
    [{ provider: 'NOPE', accountId: 'act_42' }, 'provider'],
    [
      { provider: 'FACEBOOK_ADS', accountId: 'act_42', update: { campaigns: 'all' } },
      'update.campaigns',
    ],
    [{ provider: 'FACEBOOK_ADS', accountId: 'act_42', remove: { ads: ['999'] } }, 'remove.ads'],
    [{ provider: 'FACEBOOK_ADS', accountId: 'act_42', add: { pixels: 1 } }, 'add'],
  ])('rejects mutate %j with 400 naming %s, changing nothing', async (body, field) => {
    const before = await truth('ads');
    const { status, json } = await admin('POST', '/mutate', body);
    expect(status).toBe(400);
    expect(json.error.field).toBe(field);
    expect(await truth('ads')).toEqual(before);
  });

  it('mutates: removing a campaign removes its ad sets and ads and their insights', async () => {
    const before = {
      campaigns: (await truth('campaigns')).json.count,
      insights: (await truth('ad_insights_daily')).json,
    };
    const { json } = await admin('POST', '/mutate', {
      provider: 'FACEBOOK_ADS',
      accountId: 'act_42',
      remove: { campaigns: 1 },
    });
    expect(json.removed).toBeGreaterThan(1);
    expect((await truth('campaigns')).json.count).toBe(before.campaigns - 1);
    expect((await truth('ad_insights_daily')).json.digest).not.toBe(before.insights.digest);
  });

  it('sets, shows and clears faults; rejects bad ones naming the field and keeps the old', async () => {
    const faults = {
      latencyMs: 1,
      providers: { FACEBOOK_ADS: { errorRate: 0.5, accounts: { act_42: { tokenExpired: true } } } },
    };
    expect((await admin('PUT', '/faults', faults)).status).toBe(200);
    const bad = await admin('PUT', '/faults', { errorRate: 2 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('errorRate');
    const unknown = await admin('PUT', '/faults', {
      providers: { FACEBOOK_ADS: { accounts: { act_42: { speed: 1 } } } },
    });
    expect(unknown.json.error.field).toBe('providers.FACEBOOK_ADS.accounts.act_42.speed');
    expect((await admin('GET', '/faults')).json).toEqual(faults);
    await admin('DELETE', '/faults');
    expect((await admin('GET', '/faults')).json).toEqual({});
  });

  it('rejects truth for an unknown stream or a missing parameter', async () => {
    const unknownStream = await truth('pixels');
    expect(unknownStream.status).toBe(400);
    expect(unknownStream.json.error.field).toBe('stream');
    const missing = await admin('GET', '/truth?provider=FACEBOOK_ADS');
    expect(missing.json.error.field).toBe('accountId');
  });

  it('counts requests, throttles and failures per account, and resets the counters', async () => {
    await admin('PUT', '/faults', { rateLimit: { requests: 1, windowMs: 60_000 } });
    const call = () =>
      fetch(`${sandbox.providers.FACEBOOK_ADS}/v21.0/act_42/campaigns`, {
        headers: { authorization: 'Bearer t' },
      });
    const noToken = await fetch(`${sandbox.providers.FACEBOOK_ADS}/v21.0/act_42/campaigns`);
    expect(((await noToken.json()) as Json).error.code).toBe(104);
    const throttled = await call();
    expect(throttled.status).toBe(400);
    expect(((await throttled.json()) as Json).error.code).toBe(80004);
    const { json } = await admin('GET', '/stats');
    expect(json).toMatchObject({ requests: 2, throttled: 1, failed: 1 });
    expect(json.perAccount['FACEBOOK_ADS:act_42']).toEqual({
      requests: 2,
      throttled: 1,
      failed: 1,
      peakConcurrent: 1,
    });
    // Requests in flight together (each held 200 ms): the most at once is what the account saw.
    await admin('PUT', '/faults', { latencyMs: 200 });
    await Promise.all([call(), call(), call()]);
    expect((await admin('GET', '/stats')).json.peakConcurrent).toBeGreaterThanOrEqual(2);
    await admin('POST', '/stats/reset');
    expect((await admin('GET', '/stats')).json).toEqual({
      requests: 0,
      throttled: 0,
      failed: 0,
      peakConcurrent: 0,
      perAccount: {},
      faults: {},
    });
  });

  it('drops connections, runs a timed total outage and slows the first calls, counting each kind', async () => {
    const call = () =>
      fetch(`${sandbox.providers.FACEBOOK_ADS}/v21.0/act_42/campaigns`, {
        headers: { authorization: 'Bearer t' },
      });
    await admin('PUT', '/faults', { dropRate: 1 });
    await expect(call()).rejects.toThrow(); // no status line at all: the socket closed
    // An outage far longer than the test: every call is the provider's transient 5xx.
    await admin('PUT', '/faults', { outageMs: 3_600_000 });
    const down = await call();
    expect(down.status).toBe(500);
    expect(((await down.json()) as Json).error.is_transient).toBe(true);
    // A 1 ms outage is over by the next call; the slow first call still answers.
    await admin('PUT', '/faults', { outageMs: 1, slowFirst: { requests: 1, delayMs: 20 } });
    await new Promise((done) => setTimeout(done, 5));
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    expect((await admin('GET', '/stats')).json.faults).toEqual({ drop: 1, outage: 1, slow: 1 });
    const bad = await admin('PUT', '/faults', { slowFirst: { requests: 0, delayMs: 5 } });
    expect(bad.json.error.field).toBe('slowFirst.requests');
  });

  it('answers unknown Graph ids with Graph’s own error, and unknown admin routes with 404', async () => {
    const response = await fetch(`${sandbox.providers.FACEBOOK_ADS}/v21.0/act_77/campaigns`, {
      headers: { authorization: 'Bearer t' },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json).error).toMatchObject({
      code: 100,
      error_subcode: 33,
      type: 'GraphMethodException',
    });
    expect((await admin('GET', '/nothing')).status).toBe(404);
  });

  it('runs the OAuth code flow: dialog redirect with state, code for a token, once', async () => {
    const graph = sandbox.providers.FACEBOOK_ADS;
    const dialog = await fetch(
      `${graph}/v21.0/dialog/oauth?client_id=app&redirect_uri=${encodeURIComponent('http://localhost/cb')}&state=xyz`,
      { redirect: 'manual' },
    );
    expect(dialog.status).toBe(302);
    const location = new URL(dialog.headers.get('location')!);
    expect(location.searchParams.get('state')).toBe('xyz');
    const exchange = `${graph}/v21.0/oauth/access_token?client_id=app&client_secret=s&redirect_uri=${encodeURIComponent('http://localhost/cb')}&code=${location.searchParams.get('code')}`;
    const token = (await (await fetch(exchange)).json()) as Json;
    expect(token).toMatchObject({
      access_token: expect.stringMatching(/^EAAB/),
      token_type: 'bearer',
    });
    expect((await fetch(exchange)).status).toBe(400);
  });
});
