import { DAY_MS } from '../facebook-graph/graph-time.ts';
import { paramError } from './graph-params.ts';

/**
 * The documented `date_preset` values, as inclusive UTC day ranges relative to today. "last_Nd"
 * ends yesterday; "this_*" periods end today; `maximum` reaches back to the account's start.
 * https://developers.facebook.com/docs/marketing-api/insights/parameters ("date_preset")
 */
const PRESETS = [
  'today',
  'yesterday',
  'this_month',
  'last_month',
  'this_quarter',
  'maximum',
  'data_maximum',
  'last_3d',
  'last_7d',
  'last_14d',
  'last_28d',
  'last_30d',
  'last_90d',
  'last_week_mon_sun',
  'last_week_sun_sat',
  'last_quarter',
  'last_year',
  'this_week_mon_today',
  'this_week_sun_today',
  'this_year',
] as const;

export function datePresetDays(
  preset: string,
  today: number,
  accountCreatedMs: number,
  traceSeed: number,
): [number, number] {
  const date = new Date(today * DAY_MS);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const dayNumber = (y: number, m: number, d = 1) => Math.floor(Date.UTC(y, m, d) / DAY_MS);
  const quarterStart = month - (month % 3);
  // 0 = Sunday … 6 = Saturday.
  const weekday = date.getUTCDay();
  const last = /^last_(\d+)d$/.exec(preset);
  if (last && PRESETS.includes(preset as (typeof PRESETS)[number])) {
    return [today - Number(last[1]), today - 1];
  }
  switch (preset) {
    case 'today':
      return [today, today];
    case 'yesterday':
      return [today - 1, today - 1];
    case 'this_month':
      return [dayNumber(year, month), today];
    case 'last_month':
      return [dayNumber(year, month - 1), dayNumber(year, month) - 1];
    case 'this_quarter':
      return [dayNumber(year, quarterStart), today];
    case 'last_quarter':
      return [dayNumber(year, quarterStart - 3), dayNumber(year, quarterStart) - 1];
    case 'this_year':
      return [dayNumber(year, 0), today];
    case 'last_year':
      return [dayNumber(year - 1, 0), dayNumber(year, 0) - 1];
    case 'this_week_sun_today':
      return [today - weekday, today];
    case 'this_week_mon_today':
      return [today - ((weekday + 6) % 7), today];
    case 'last_week_sun_sat':
      return [today - weekday - 7, today - weekday - 1];
    case 'last_week_mon_sun': {
      const monday = today - ((weekday + 6) % 7);
      return [monday - 7, monday - 1];
    }
    case 'maximum':
    case 'data_maximum':
      return [Math.floor(accountCreatedMs / DAY_MS), today];
    default:
      throw paramError(
        `date_preset must be one of the following values: ${PRESETS.join(', ')}`,
        traceSeed,
      );
  }
}
