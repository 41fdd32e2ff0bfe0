import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes: the `state` a provider echoes back. Unguessable, so it can bind a workspace. */
export function newStateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only the hash is stored, so a database read does not yield live states. */
export function hashStateToken(state: string): string {
  return createHash('sha256').update(state).digest('hex');
}
