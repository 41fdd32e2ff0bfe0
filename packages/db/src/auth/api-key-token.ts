import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'trb_';
// trb_ + 43 base64url characters (32 random bytes).
const API_KEY_SHAPE = /^trb_[A-Za-z0-9_-]{43}$/;

export function generateApiKeyToken(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Only this digest is stored; a leaked table does not reveal usable keys. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function looksLikeApiKey(key: string): boolean {
  return API_KEY_SHAPE.test(key);
}

/** What listings show so a person can tell keys apart: `trb_` and the next 8 characters. */
export function apiKeyDisplayPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 8);
}
