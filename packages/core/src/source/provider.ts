export const PROVIDERS = ['FACEBOOK_ADS', 'FACEBOOK_PAGES', 'MICROSOFT_MAIL'] as const;
export type ProviderId = (typeof PROVIDERS)[number];
