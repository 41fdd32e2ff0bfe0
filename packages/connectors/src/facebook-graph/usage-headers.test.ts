import { describe, expect, it } from 'vitest';
import { parseGraphUsage, toUsageReading } from './usage-headers.ts';

describe('parseGraphUsage', () => {
  it('reports the highest percentage of all four headers and keeps them raw', () => {
    const headers = new Headers({
      'x-app-usage': JSON.stringify({ call_count: 28, total_time: 25, total_cputime: 25 }),
      'x-business-use-case-usage': JSON.stringify({
        '66782684': [
          {
            type: 'ads_management',
            call_count: 95,
            total_cputime: 20,
            total_time: 20,
            estimated_time_to_regain_access: 0,
          },
        ],
      }),
      'x-ad-account-usage': JSON.stringify({
        acc_id_util_pct: 9.67,
        reset_time_duration: 0,
        ads_api_access_tier: 'standard_access',
      }),
      'x-fb-ads-insights-throttle': JSON.stringify({
        app_id_util_pct: 12.5,
        acc_id_util_pct: 40,
        ads_api_access_tier: 'standard_access',
      }),
    });
    const usage = parseGraphUsage(headers)!;
    expect(usage.percentUsed).toBe(95);
    expect(Object.keys(usage.raw)).toHaveLength(4);
    const reading = toUsageReading('FACEBOOK_ADS:act_1001', usage);
    expect(reading).toMatchObject({ key: 'FACEBOOK_ADS:act_1001', percentUsed: 95 });
    expect(reading.regainAccessMs).toBeUndefined();
  });

  it('turns estimated_time_to_regain_access minutes into a wait in ms', () => {
    const headers = new Headers({
      'x-business-use-case-usage': JSON.stringify({
        '1': [
          {
            type: 'pages',
            call_count: 100,
            total_cputime: 3,
            total_time: 3,
            estimated_time_to_regain_access: 7,
          },
        ],
      }),
    });
    expect(
      toUsageReading('FACEBOOK_PAGES:page_2001', parseGraphUsage(headers)!).regainAccessMs,
    ).toBe(420_000);
  });

  it('is undefined without usage headers and ignores a header that is not JSON', () => {
    expect(parseGraphUsage(new Headers())).toBeUndefined();
    const usage = parseGraphUsage(
      new Headers({ 'x-app-usage': 'garbage', 'x-ad-account-usage': '{"acc_id_util_pct":3}' }),
    );
    expect(usage?.percentUsed).toBe(3);
  });
});
