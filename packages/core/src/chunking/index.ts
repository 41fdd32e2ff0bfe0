export {
  dayRange,
  type FacebookAdsEntities,
  fanOutFacebookAds,
  INSIGHTS_LOOKBACK_DAYS,
  planFacebookAds,
} from './facebook-ads.ts';
export { planFacebookPages, RECENT_READ_KEY } from './facebook-pages.ts';
export {
  deltaKey,
  fanOutMailFolder,
  MAIL_MESSAGES_PER_CHUNK,
  type MailFolder,
  mailWindows,
  planMicrosoftMail,
} from './microsoft-mail.ts';
export { endOfDay, phaseWindows, startOfDay } from './phase-window-list.ts';
export * from './types.ts';
