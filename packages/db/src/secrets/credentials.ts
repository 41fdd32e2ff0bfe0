import { openSecret, sealSecret } from './seal-secret.ts';

/** What a connection's `credentials` column holds, sealed. */
export type ConnectionCredentials = {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: string;
};

export function sealCredentials(key: Buffer, credentials: ConnectionCredentials): Buffer {
  return sealSecret(key, JSON.stringify(credentials));
}

export function openCredentials(key: Buffer, sealed: Buffer): ConnectionCredentials {
  return JSON.parse(openSecret(key, sealed)) as ConnectionCredentials;
}
