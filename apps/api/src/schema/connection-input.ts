import type { ProviderId } from '@tributary/core';
import { ValidationError } from '../errors/app-error.ts';
import { assertStorableText } from './storable-text.ts';

/** Account id shapes per provider (real ids and the sandbox's `page_2001` / `user_3001`). */
const ACCOUNT_ID: Record<ProviderId, { pattern: RegExp; example: string }> = {
  FACEBOOK_ADS: { pattern: /^act_\d{1,20}$/, example: 'act_1234567890' },
  FACEBOOK_PAGES: { pattern: /^(page_)?\d{1,20}$/, example: '1234567890' },
  MICROSOFT_MAIL: {
    pattern:
      /^(user_\d{1,20}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[^@\s]{1,64}@[^@\s]{1,255})$/i,
    example: 'a user id (GUID) or user@example.com',
  },
};

export const SCHEDULE_MINUTES = { min: 5, max: 10_080, default: 1440 };
/** `scheduleMinutes` of a connection that only syncs when asked: no next_sync_at is ever set. */
export const SCHEDULE_OFF = 0;

export function validateAccountId(provider: ProviderId, raw: string): string {
  const value = assertStorableText('externalAccountId', raw).trim();
  const rule = ACCOUNT_ID[provider];
  if (!rule.pattern.test(value)) {
    throw new ValidationError(
      'externalAccountId',
      `Not a ${provider} account id; expected ${rule.example}`,
    );
  }
  return value;
}

export function validateDisplayName(raw: string | null | undefined, fallback: string): string {
  const value = assertStorableText('displayName', raw ?? '').trim();
  if (value.length > 200)
    throw new ValidationError('displayName', 'displayName is longer than 200 characters');
  return value || fallback;
}

export function validateToken(field: 'accessToken' | 'refreshToken', raw: string): string {
  const value = assertStorableText(field, raw).trim();
  if (value.length === 0 || value.length > 8192 || /\s/.test(value)) {
    throw new ValidationError(field, `${field} must be 1 to 8192 characters without spaces`);
  }
  return value;
}

export function validateSchedule(minutes: number): number {
  if (minutes === SCHEDULE_OFF) return minutes;
  if (
    !Number.isInteger(minutes) ||
    minutes < SCHEDULE_MINUTES.min ||
    minutes > SCHEDULE_MINUTES.max
  ) {
    throw new ValidationError(
      'scheduleMinutes',
      `scheduleMinutes must be between ${SCHEDULE_MINUTES.min} and ${SCHEDULE_MINUTES.max}, or ${SCHEDULE_OFF} for no scheduled syncs`,
    );
  }
  return minutes;
}
