import type { StreamDefinition } from '@tributary/core';

const graphTime = { type: 'string', description: 'Graph time, e.g. 2024-03-05T10:11:12+0000' };
const numericString = { type: 'string', pattern: '^[0-9]+$' };
const decimalString = { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?$' };

function object(properties: Record<string, unknown>, required: string[]) {
  return { type: 'object', properties, required, additionalProperties: true };
}

export const FACEBOOK_ADS_STREAMS: readonly StreamDefinition[] = [
  {
    name: 'campaigns',
    primaryKey: 'id',
    cursorField: 'updated_time',
    description: 'Campaigns of the ad account, read incrementally by updated_time.',
    jsonSchema: object(
      {
        id: numericString,
        name: { type: 'string' },
        status: { type: 'string' },
        objective: { type: 'string' },
        created_time: graphTime,
        updated_time: graphTime,
        start_time: graphTime,
        stop_time: graphTime,
      },
      ['id', 'updated_time'],
    ),
  },
  {
    name: 'adsets',
    primaryKey: 'id',
    cursorField: 'updated_time',
    description: 'Ad sets of the ad account, read incrementally by updated_time.',
    jsonSchema: object(
      {
        id: numericString,
        name: { type: 'string' },
        status: { type: 'string' },
        campaign_id: numericString,
        daily_budget: numericString,
        created_time: graphTime,
        updated_time: graphTime,
        start_time: graphTime,
        end_time: graphTime,
      },
      ['id', 'campaign_id', 'updated_time'],
    ),
  },
  {
    name: 'ads',
    primaryKey: 'id',
    cursorField: 'updated_time',
    description: 'Ads of the ad account, read incrementally by updated_time.',
    jsonSchema: object(
      {
        id: numericString,
        name: { type: 'string' },
        status: { type: 'string' },
        campaign_id: numericString,
        adset_id: numericString,
        created_time: graphTime,
        updated_time: graphTime,
      },
      ['id', 'adset_id', 'updated_time'],
    ),
  },
  {
    name: 'ad_insights_daily',
    primaryKey: 'level:id:date_start',
    cursorField: 'date_start',
    description:
      'Daily insights per campaign, ad set and ad (externalId `level:id:date`); the last 28 days are re-read because attribution changes them.',
    jsonSchema: object(
      {
        account_id: numericString,
        campaign_id: numericString,
        adset_id: numericString,
        ad_id: numericString,
        impressions: numericString,
        clicks: numericString,
        reach: numericString,
        spend: decimalString,
        actions: {
          type: 'array',
          items: object({ action_type: { type: 'string' }, value: decimalString }, [
            'action_type',
            'value',
          ]),
        },
        date_start: { type: 'string', format: 'date' },
        date_stop: { type: 'string', format: 'date' },
      },
      ['date_start', 'date_stop'],
    ),
  },
];
