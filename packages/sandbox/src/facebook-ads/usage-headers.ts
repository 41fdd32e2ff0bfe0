/**
 * The Marketing API's two budgets per ad account: ads management calls (objects and edges)
 * and insights calls, each with its own `x-business-use-case-usage` entry (`type`
 * `ads_management` / `ads_insights`). `x-fb-ads-insights-throttle` rides on insights calls
 * only; `x-app-usage` and `x-ad-account-usage` (the account's score and when it drains) on both.
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting ("Business Use Case Rate Limits")
 * https://developers.facebook.com/docs/marketing-api/insights/best-practices ("Insights API Rate Limiting")
 */
export type AdsBucket = 'ads_management' | 'ads_insights';

export function adsUsageHeaders(
  account: { numericId: string },
  percentUsed: number,
  resetSec = 0,
  regainMinutes = 0,
  bucket: AdsBucket = 'ads_management',
): Record<string, string> {
  const pct = Math.round(percentUsed);
  const businessId = `10${account.numericId.padStart(8, '0')}`;
  const headers: Record<string, string> = {
    'x-app-usage': JSON.stringify({
      call_count: pct,
      total_cputime: Math.round(pct * 0.3),
      total_time: Math.round(pct * 0.4),
    }),
    'x-business-use-case-usage': JSON.stringify({
      [businessId]: [
        {
          type: bucket,
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
  };
  if (bucket === 'ads_insights') {
    headers['x-fb-ads-insights-throttle'] = JSON.stringify({
      app_id_util_pct: Math.round(percentUsed * 0.5 * 100) / 100,
      acc_id_util_pct: Math.round(percentUsed * 100) / 100,
      ads_api_access_tier: 'standard_access',
    });
  }
  return headers;
}

/**
 * The throttle answers as documented: each bucket's own BUC code (80000 insights, 80004
 * management, subcode 2446079), or, under the `throttleCode` fault, the app (4), user
 * (17/2446079) or ad-account (613/1487742) limit.
 * https://developers.facebook.com/docs/marketing-api/overview/rate-limiting
 * https://developers.facebook.com/docs/marketing-api/error-reference
 */
export function throttleError(
  bucket: AdsBucket,
  code: 4 | 17 | 613 | undefined,
): { message: string; code: number; error_subcode?: number } {
  switch (code) {
    case 4:
      return { message: '(#4) Application request limit reached', code: 4 };
    case 17:
      return { message: '(#17) User request limit reached', code: 17, error_subcode: 2446079 };
    case 613:
      return {
        message:
          '(#613) There have been too many calls from this ad-account. Please wait a bit and try again.',
        code: 613,
        error_subcode: 1487742,
      };
    default:
      return bucket === 'ads_insights'
        ? {
            message:
              '(#80000) There have been too many calls from this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting#ads-insights.',
            code: 80000,
            error_subcode: 2446079,
          }
        : {
            message:
              '(#80004) There have been too many calls to this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting#ads-management.',
            code: 80004,
            error_subcode: 2446079,
          };
  }
}
