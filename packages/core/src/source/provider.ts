export const PROVIDERS = ['FACEBOOK_ADS', 'FACEBOOK_PAGES', 'MICROSOFT_MAIL'] as const;
export type ProviderId = (typeof PROVIDERS)[number];

/** Stream names per provider (the connectors define their schemas; the API validates names). */
export const PROVIDER_STREAMS: Record<ProviderId, readonly string[]> = {
  FACEBOOK_ADS: ['campaigns', 'adsets', 'ads', 'ad_insights_daily'],
  FACEBOOK_PAGES: ['conversations', 'messages', 'interaction_events'],
  MICROSOFT_MAIL: ['mail_folders', 'messages'],
};
