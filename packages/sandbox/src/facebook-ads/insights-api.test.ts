import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxAdmin } from '../server/admin-client.ts';
import { type SandboxServer, startSandboxServer } from '../server/server.ts';

// biome-ignore lint/suspicious/noExplicitAny: Graph answers are read loosely in tests.
type Json = Record<string, any>;
let sandbox: SandboxServer;
let admin: ReturnType<typeof sandboxAdmin>;
const ACCOUNT = {
  provider: 'FACEBOOK_ADS' as const,
  id: 'act_42',
  campaigns: 4,
  adsets: 4,
  ads: 4,
  ageDays: 120,
};
const YEAR = { since: '2000-01-01', until: '2100-01-01' };

beforeAll(async () => {
  sandbox = await startSandboxServer({ seed: 5 });
  admin = sandboxAdmin(sandbox.url);
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await admin.reset({ seed: 5, accounts: [ACCOUNT] });
  await admin.clearFaults();
});

async function graph(path: string, params: Record<string, string> = {}, method = 'GET') {
  const url = new URL(`${sandbox.providers.FACEBOOK_ADS}${path}`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const response = await fetch(url, { method, headers: { authorization: 'Bearer t' } });
  return { status: response.status, json: (await response.json()) as Json };
}

const campaignQuery = (extra: Record<string, string> = {}) => ({
  level: 'campaign',
  time_increment: '1',
  time_range: JSON.stringify(YEAR),
  fields: 'campaign_id,date_start,impressions',
  limit: '500',
  ...extra,
});

async function allRows(path: string, params: Record<string, string>) {
  const rows: Json[] = [];
  let after: string | undefined;
  do {
    const { status, json } = await graph(path, after ? { ...params, after } : params);
    expect(status).toBe(200);
    rows.push(...json.data);
    after = json.paging?.next ? json.paging.cursors.after : undefined;
  } while (after);
  return rows;
}

// https://developers.facebook.com/docs/marketing-api/insights/error-codes (100 / 1487534)
describe('too many rows per call', () => {
  it('refuses a synchronous read of more rows than the limit with 100/1487534, whole', async () => {
    const rows = await allRows('/v21.0/act_42/insights', campaignQuery());
    expect(rows.length).toBeGreaterThan(10);
    await admin.setFaults({ insightsRowLimit: rows.length - 1 });
    const refused = await graph('/v21.0/act_42/insights', campaignQuery({ limit: '5' }));
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: 100, error_subcode: 1487534 });
    expect(refused.json.error.message).toMatch(/reduce the amount of data/);

    await admin.setFaults({ insightsRowLimit: rows.length });
    expect(await allRows('/v21.0/act_42/insights', campaignQuery())).toEqual(rows);
  });
});

// https://developers.facebook.com/docs/marketing-api/insights/best-practices ("Asynchronous jobs")
describe('async report runs', () => {
  async function startRun(version = 'v21.0') {
    const { status, json } = await graph(`/${version}/act_42/insights`, campaignQuery(), 'POST');
    expect(status).toBe(200);
    expect(json.report_run_id).toMatch(/^\d+$/);
    return json.report_run_id as string;
  }

  it('queues a run, reports it not started until its time is up, then serves its rows', async () => {
    const sync = await allRows('/v21.0/act_42/insights', campaignQuery());
    await admin.setFaults({ asyncJobMs: 600_000 });
    const waiting = await startRun();
    const status = await graph(`/v21.0/${waiting}`);
    expect(status.json).toMatchObject({
      id: waiting,
      account_id: '42',
      async_status: 'Job Not Started',
      async_percent_completion: 0,
    });
    const early = await graph(`/v21.0/${waiting}/insights`);
    expect(early.status).toBe(400);
    expect(early.json.error.code).toBe(100);

    await admin.setFaults({ asyncJobMs: 0 });
    const done = await startRun();
    expect((await graph(`/v21.0/${done}`)).json).toMatchObject({
      async_status: 'Job Completed',
      async_percent_completion: 100,
    });
    const pages = await graph(`/v21.0/${done}/insights`, { limit: '7' });
    expect(pages.json.data).toHaveLength(7);
    expect(pages.json.paging.next).toContain(`/${done}/insights`);
    expect(await allRows(`/v21.0/${done}/insights`, { limit: '7' })).toEqual(sync);
  });

  it('ends runs Failed or Skipped under the fault rates; v25 says why a run failed', async () => {
    await admin.setFaults({ asyncJobMs: 0, asyncFailRate: 1 });
    const failed = await startRun();
    const v21 = await graph(`/v21.0/${failed}`);
    expect(v21.json.async_status).toBe('Job Failed');
    expect(v21.json.error_code).toBeUndefined();
    const v25 = await graph(`/v25.0/${failed}`);
    expect(v25.json).toMatchObject({ async_status: 'Job Failed', error_code: -2 });
    expect((await graph(`/v21.0/${failed}/insights`)).status).toBe(400);

    await admin.setFaults({ asyncJobMs: 0, asyncSkipRate: 1 });
    expect((await graph(`/v21.0/${await startRun()}`)).json.async_status).toBe('Job Skipped');

    await admin.setFaults({ asyncJobMs: 0, asyncInsightsRowLimit: 1 });
    const tooBig = await graph(`/v25.0/${await startRun('v25.0')}`);
    expect(tooBig.json).toMatchObject({
      async_status: 'Job Failed',
      error_code: 100,
      error_subcode: 1487534,
    });
  });

  it('rejects a bad query at POST time, as the sync edge does', async () => {
    const bad = await graph('/v21.0/act_42/insights', campaignQuery({ level: 'x' }), 'POST');
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe(100);
  });
});

// https://developers.facebook.com/docs/marketing-api/insights/parameters
describe('documented call forms', () => {
  it('answers unversioned paths with the app default version', async () => {
    const versioned = await graph('/v21.0/act_42/campaigns', { fields: 'id,name' });
    const unversioned = await graph('/act_42/campaigns', { fields: 'id,name' });
    expect(unversioned.status).toBe(200);
    expect(unversioned.json.data).toEqual(versioned.json.data);
  });

  it('reads date_preset ranges and defaults to last_30d', async () => {
    const { time_range: _, ...noRange } = campaignQuery();
    const preset = await allRows('/v21.0/act_42/insights', { ...noRange, date_preset: 'last_30d' });
    const byDefault = await allRows('/v21.0/act_42/insights', noRange);
    expect(byDefault).toEqual(preset);
    const today = new Date().toISOString().slice(0, 10);
    for (const row of preset) {
      expect(row.date_start < today).toBe(true);
      expect(Date.parse(row.date_start)).toBeGreaterThanOrEqual(
        Date.parse(today) - 30 * 86_400_000,
      );
    }
    const bad = await graph('/v21.0/act_42/insights', { ...noRange, date_preset: 'last_8d' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/date_preset must be one of/);
  });

  it('rejects breakdowns with Graph’s invalid-parameter error, never ignoring them', async () => {
    for (const breakdowns of ['age', 'nonsense']) {
      const { status, json } = await graph('/v21.0/act_42/insights', campaignQuery({ breakdowns }));
      expect(status).toBe(400);
      expect(json.error.code).toBe(100);
    }
  });

  it('sums an edge with summary=total_count', async () => {
    const { json } = await graph('/v21.0/act_42/campaigns', { summary: 'total_count', limit: '1' });
    expect(json.data).toHaveLength(1);
    expect(json.summary).toEqual({ total_count: 4 });
  });
});

// https://developers.facebook.com/docs/marketing-api/best-practices/manage-your-ad-object-status
describe('archived and deleted objects', () => {
  const ALL = JSON.stringify(['ACTIVE', 'PAUSED', 'ARCHIVED', 'DELETED']);
  beforeEach(() =>
    admin.reset({
      seed: 5,
      accounts: [{ ...ACCOUNT, campaigns: 40, adsets: 40, ads: 40, ageDays: 700 }],
    }),
  );

  it('leaves them out of the edges unless effective_status names them, and sums accordingly', async () => {
    const params = { fields: 'id,status,effective_status', limit: '500', summary: 'total_count' };
    const all = await graph('/v21.0/act_42/campaigns', { ...params, effective_status: ALL });
    const statuses = new Set(all.json.data.map((c: Json) => c.status));
    expect(statuses).toEqual(new Set(['ACTIVE', 'PAUSED', 'ARCHIVED', 'DELETED']));
    const live = await graph('/v21.0/act_42/campaigns', params);
    expect(live.json.data.map((c: Json) => c.status)).not.toContain('ARCHIVED');
    expect(live.json.data.map((c: Json) => c.status)).not.toContain('DELETED');
    expect(live.json.summary.total_count).toBe(live.json.data.length);
    expect(all.json.summary.total_count).toBe(40);
    const viaFilter = await graph('/v21.0/act_42/campaigns', {
      ...params,
      filtering: JSON.stringify([
        { field: 'effective_status', operator: 'IN', value: ['DELETED'] },
      ]),
    });
    expect(viaFilter.json.data.map((c: Json) => c.status)).toEqual(
      all.json.data.filter((c: Json) => c.status === 'DELETED').map(() => 'DELETED'),
    );
    const bad = await graph('/v21.0/act_42/campaigns', { effective_status: '["GONE"]' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/effective_status\[0\] must be one of/);

    // Still readable by id, and counted by the truth.
    const deleted = all.json.data.find((c: Json) => c.status === 'DELETED');
    const node = await graph(`/v21.0/${deleted.id}`, { fields: 'id,status' });
    expect(node.json).toEqual({ id: deleted.id, status: 'DELETED' });
    expect((await admin.truth('FACEBOOK_ADS', 'act_42', 'campaigns')).count).toBe(40);
  });

  it('keeps their insights: out of account-level rows, readable when filtered by id', async () => {
    const all = await graph('/v21.0/act_42/campaigns', {
      fields: 'id,status',
      limit: '500',
      effective_status: ALL,
    });
    const gone = all.json.data.filter(
      (c: Json) => c.status === 'DELETED' || c.status === 'ARCHIVED',
    );
    const goneIds = new Set(gone.map((c: Json) => c.id));
    const accountRows = await allRows('/v21.0/act_42/insights', campaignQuery());
    expect(accountRows.some((row) => goneIds.has(row.campaign_id))).toBe(false);
    const byId = await allRows(
      '/v21.0/act_42/insights',
      campaignQuery({
        filtering: JSON.stringify([{ field: 'campaign.id', operator: 'IN', value: [...goneIds] }]),
      }),
    );
    expect(byId.length).toBeGreaterThan(0);
    expect(byId.every((row) => goneIds.has(row.campaign_id))).toBe(true);
  });
});

// https://developers.facebook.com/docs/graph-api/overview/rate-limiting ("Business Use Case")
// https://developers.facebook.com/docs/marketing-api/overview/rate-limiting
describe('two rate buckets: ads management and insights', () => {
  async function raw(path: string, params: Record<string, string>) {
    const url = new URL(`${sandbox.providers.FACEBOOK_ADS}${path}`);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const response = await fetch(url, { headers: { authorization: 'Bearer t' } });
    return {
      status: response.status,
      headers: response.headers,
      json: (await response.json()) as Json,
    };
  }
  const bucOf = (headers: Headers) =>
    Object.values(
      JSON.parse(headers.get('x-business-use-case-usage')!) as Record<string, Json[]>,
    )[0]![0]!;

  it('reports each bucket in its own headers', async () => {
    const management = await raw('/v21.0/act_42/campaigns', { fields: 'id' });
    expect(bucOf(management.headers).type).toBe('ads_management');
    expect(management.headers.get('x-ad-account-usage')).not.toBeNull();
    expect(management.headers.get('x-fb-ads-insights-throttle')).toBeNull();
    const insights = await raw('/v21.0/act_42/insights', campaignQuery());
    expect(bucOf(insights.headers).type).toBe('ads_insights');
    expect(insights.headers.get('x-fb-ads-insights-throttle')).not.toBeNull();
  });

  it('spends the buckets apart and throttles each with its own code', async () => {
    await admin.setFaults({ rateLimit: { requests: 2, windowMs: 600_000 } });
    for (let i = 0; i < 2; i++) {
      expect((await raw('/v21.0/act_42/campaigns', { fields: 'id' })).status).toBe(200);
    }
    const management = await raw('/v21.0/act_42/campaigns', { fields: 'id' });
    expect(management.json.error).toMatchObject({ code: 80004, error_subcode: 2446079 });
    expect(bucOf(management.headers)).toMatchObject({ type: 'ads_management' });
    // The insights budget is untouched by the management calls.
    for (let i = 0; i < 2; i++) {
      expect((await raw('/v21.0/act_42/insights', campaignQuery())).status).toBe(200);
    }
    const insights = await raw('/v21.0/act_42/insights', campaignQuery());
    expect(insights.json.error).toMatchObject({ code: 80000, error_subcode: 2446079 });
    expect(bucOf(insights.headers)).toMatchObject({ type: 'ads_insights' });
    expect(insights.headers.get('x-fb-ads-insights-throttle')).not.toBeNull();

    await admin.setFaults({ rateLimit: { requests: 2, windowMs: 600_000 }, throttleCode: 613 });
    const account = await raw('/v21.0/act_42/campaigns', { fields: 'id' });
    expect(account.json.error).toMatchObject({ code: 613, error_subcode: 1487742 });
    await admin.setFaults({ rateLimit: { requests: 2, windowMs: 600_000 }, throttleCode: 17 });
    const user = await raw('/v21.0/act_42/insights', campaignQuery());
    expect(user.json.error).toMatchObject({ code: 17, error_subcode: 2446079 });
  });
});

// https://developers.facebook.com/docs/marketing-api/insights/parameters ("filtering")
describe('filtering by ids', () => {
  it('yields exactly the named entities’ rows, in id order, once each, whatever the list order', async () => {
    const everything = await allRows('/v21.0/act_42/insights', campaignQuery());
    const ids = [...new Set(everything.map((row) => row.campaign_id as string))].sort();
    expect(ids.length).toBeGreaterThan(2);
    const named = [ids[2]!, ids[0]!];
    const filtered = await allRows(
      '/v21.0/act_42/insights',
      campaignQuery({
        // Out of order, repeated, and with an ad set's id (not a campaign): none of it matters.
        filtering: JSON.stringify([
          {
            field: 'campaign.id',
            operator: 'IN',
            value: [...named, named[0], '12000004220000001'],
          },
        ]),
      }),
    );
    expect(filtered).toEqual(everything.filter((row) => named.includes(row.campaign_id)));
  });

  it('filters a level by the campaign above it', async () => {
    const ads = await allRows('/v21.0/act_42/insights', {
      ...campaignQuery(),
      level: 'ad',
      fields: 'campaign_id,ad_id,date_start',
    });
    const campaign = ads[0]!.campaign_id as string;
    const filtered = await allRows('/v21.0/act_42/insights', {
      ...campaignQuery(),
      level: 'ad',
      fields: 'campaign_id,ad_id,date_start',
      filtering: JSON.stringify([{ field: 'campaign.id', operator: 'IN', value: [campaign] }]),
    });
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered).toEqual(ads.filter((row) => row.campaign_id === campaign));
  });
});
