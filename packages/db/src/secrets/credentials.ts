import { openSecret, sealSecret } from './seal-secret.ts';
import type { SecretKeys } from './secret-keys.ts';

/** What a connection's `credentials` column holds, sealed. */
export type ConnectionCredentials = {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: string;
};

export function sealCredentials(keys: SecretKeys, credentials: ConnectionCredentials): Buffer {
  return sealSecret(keys, JSON.stringify(credentials));
}

export function openCredentials(keys: SecretKeys, sealed: Buffer): ConnectionCredentials {
  return JSON.parse(openSecret(keys, sealed)) as ConnectionCredentials;
}
