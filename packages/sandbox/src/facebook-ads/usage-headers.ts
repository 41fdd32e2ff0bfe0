/**
 * The four usage headers Marketing API responses carry, all reporting the account's share of
 * its budget. `resetSec`/`regainMinutes` are set when throttled.
 */
export function adsUsageHeaders(
  account: { numericId: string },
  percentUsed: number,
  resetSec = 0,
  regainMinutes = 0,
): Record<string, string> {
  const pct = Math.round(percentUsed);
  const businessId = `10${account.numericId.padStart(8, '0')}`;
  return {
    'x-app-usage': JSON.stringify({
      call_count: pct,
      total_cputime: Math.round(pct * 0.3),
      total_time: Math.round(pct * 0.4),
    }),
    'x-business-use-case-usage': JSON.stringify({
      [businessId]: [
        {
          type: 'ads_management',
          call_count: pct,
          total_cputime: Math.round(pct * 0.3),
          total_time: Math.round(pct * 0.4),
          estimated_time_to_regain_access: regainMinutes,
          ads_api_access_tier: 'standard_access',
        },
      ],
    }),
    'x-ad-account-usage': JSON.stringify({
      acc_id_util_pct: Math.round(percentUsed * 100) / 100,
      reset_time_duration: resetSec,
      ads_api_access_tier: 'standard_access',
    }),
    'x-fb-ads-insights-throttle': JSON.stringify({
      app_id_util_pct: Math.round(percentUsed * 0.5 * 100) / 100,
      acc_id_util_pct: Math.round(percentUsed * 100) / 100,
      ads_api_access_tier: 'standard_access',
    }),
  };
}
