import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KEY_ID_BYTES, keyIdOf, keyringOf, type SecretKeys } from './secret-keys.ts';

// Layout of a sealed value, version 2: version (1 byte) | key id (8) | IV (12) | GCM tag (16) |
// ciphertext; version and key id are authenticated as additional data.
// Version 1 (before key ids): version (1) | IV (12) | tag (16) | ciphertext; still opened.
const VERSION = 2;
const LEGACY_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + KEY_ID_BYTES + IV_BYTES + TAG_BYTES;
const LEGACY_HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

/** Thrown when a sealed value was tampered with, truncated, or sealed with another key. */
export class SecretOpenError extends Error {
  readonly code = 'SECRET_OPEN_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'SecretOpenError';
  }
}

function assertKey(key: Buffer): void {
  if (key.length !== 32) throw new TypeError('secret key must be 32 bytes (AES-256)');
}

/** Encrypts with AES-256-GCM under the current key and a fresh random IV. */
export function sealSecret(keys: SecretKeys, plaintext: string): Buffer {
  const key = keyringOf(keys).current;
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const header = Buffer.concat([Buffer.from([VERSION]), keyIdOf(key)]);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(header);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([header, iv, cipher.getAuthTag(), ciphertext]);
}

/** The id of the key a value is sealed under; null for values sealed before key ids. */
export function sealedKeyId(sealed: Buffer): Buffer | null {
  return sealed[0] === VERSION && sealed.length >= HEADER_BYTES
    ? sealed.subarray(1, 1 + KEY_ID_BYTES)
    : null;
}

/** Opens a value sealed under the current key or any previous one. */
export function openSecret(keys: SecretKeys, sealed: Buffer): string {
  const ring = keyringOf(keys);
  const all = [ring.current, ...ring.previous];
  for (const key of all) assertKey(key);
  if (sealed[0] === LEGACY_VERSION && sealed.length >= LEGACY_HEADER_BYTES) {
    // No key id: whichever key authenticates it is the one.
    for (const key of all) {
      const opened = tryOpen(key, sealed.subarray(1), null);
      if (opened !== null) return opened;
    }
    throw new SecretOpenError('sealed secret failed authentication (wrong key or tampered)');
  }
  const id = sealedKeyId(sealed);
  if (!id) throw new SecretOpenError('sealed secret is malformed');
  const key = all.find((candidate) => keyIdOf(candidate).equals(id));
  if (!key) {
    throw new SecretOpenError(
      `sealed under key ${id.toString('hex')}, which is neither TRIBUTARY_SECRET_KEY nor in TRIBUTARY_SECRET_KEYS_OLD`,
    );
  }
  const opened = tryOpen(
    key,
    sealed.subarray(1 + KEY_ID_BYTES),
    sealed.subarray(0, 1 + KEY_ID_BYTES),
  );
  if (opened === null) {
    throw new SecretOpenError('sealed secret failed authentication (tampered)');
  }
  return opened;
}

/** `body` is IV | tag | ciphertext; null when the tag does not authenticate. */
function tryOpen(key: Buffer, body: Buffer, aad: Buffer | null): string | null {
  const iv = body.subarray(0, IV_BYTES);
  const tag = body.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  if (aad) decipher.setAAD(aad);
  try {
    return Buffer.concat([
      decipher.update(body.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return null;
  }
}
