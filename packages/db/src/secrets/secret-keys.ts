import { createHash } from 'node:crypto';

/**
 * The keys sealed values are read with: `current` seals everything new (TRIBUTARY_SECRET_KEY);
 * `previous` (TRIBUTARY_SECRET_KEYS_OLD) only opens what was sealed before a rotation.
 */
export type SecretKeyring = { current: Buffer; previous: readonly Buffer[] };

/** A single key is a keyring of one: what tests and the API (which only seals) pass. */
export type SecretKeys = Buffer | SecretKeyring;

export const KEY_ID_BYTES = 8;

export function keyringOf(keys: SecretKeys): SecretKeyring {
  return Buffer.isBuffer(keys) ? { current: keys, previous: [] } : keys;
}

/**
 * A key's id as sealed values carry it: a domain-separated SHA-256 prefix, so the key that
 * opens a value is found without trying them all, and the id says nothing about the key.
 */
export function keyIdOf(key: Buffer): Buffer {
  return createHash('sha256')
    .update('tributary secret key id\0')
    .update(key)
    .digest()
    .subarray(0, KEY_ID_BYTES);
}
