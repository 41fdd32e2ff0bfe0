import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// Layout of a sealed value: version (1 byte) | IV (12) | GCM auth tag (16) | ciphertext.
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

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

/** Encrypts with AES-256-GCM under a fresh random IV; the tag authenticates the ciphertext. */
export function sealSecret(key: Buffer, plaintext: string): Buffer {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ciphertext]);
}

export function openSecret(key: Buffer, sealed: Buffer): string {
  assertKey(key);
  if (sealed.length < HEADER_BYTES || sealed[0] !== VERSION) {
    throw new SecretOpenError('sealed secret is malformed');
  }
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, HEADER_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([
      decipher.update(sealed.subarray(HEADER_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new SecretOpenError('sealed secret failed authentication (wrong key or tampered)');
  }
}
