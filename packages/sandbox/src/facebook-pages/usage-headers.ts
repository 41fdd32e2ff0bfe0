/**
 * Pages usage headers: app-level `x-app-usage` and the Page's business-use-case usage, both in
 * percent of the budget. `estimated_time_to_regain_access` is in minutes, as Graph reports it;
 * the sandbox sends fractions of a minute so tests can throttle for seconds, not minutes.
 */
export function pagesUsageHeaders(
  pageId: string | undefined,
  percentUsed: number,
  regainAfterSec = 0,
): Record<string, string> {
  const percent = Math.max(0, Math.round(percentUsed));
  const headers: Record<string, string> = {
    'x-app-usage': JSON.stringify({
      call_count: percent,
      total_cputime: Math.round(percent / 2),
      total_time: Math.round(percent / 2),
    }),
  };
  if (pageId)
    headers['x-business-use-case-usage'] = JSON.stringify({
      [pageId]: [
        {
          type: 'pages',
          call_count: percent,
          total_cputime: Math.round(percent / 2),
          total_time: Math.round(percent / 2),
          estimated_time_to_regain_access: Math.round((regainAfterSec / 60) * 1000) / 1000,
        },
      ],
    });
  return headers;
}
