import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecret, SecretOpenError, sealedKeyId, sealSecret } from './seal-secret.ts';
import { keyIdOf } from './secret-keys.ts';

const key = randomBytes(32);

describe('sealSecret / openSecret', () => {
  it('rejects a sealed value opened with another key', () => {
    const sealed = sealSecret(key, 'token');
    expect(() => openSecret(randomBytes(32), sealed)).toThrow(SecretOpenError);
  });

  it('rejects a tampered ciphertext', () => {
    const sealed = sealSecret(key, 'a long enough token');
    sealed[sealed.length - 1]! ^= 1;
    expect(() => openSecret(key, sealed)).toThrow(SecretOpenError);
  });

  it('rejects truncated input and keys of the wrong size', () => {
    expect(() => openSecret(key, Buffer.from([1, 2, 3]))).toThrow(SecretOpenError);
    expect(() => sealSecret(randomBytes(16), 'x')).toThrow(TypeError);
  });

  it('round-trips and never repeats a ciphertext (random IV)', () => {
    const a = sealSecret(key, '{"accessToken":"EAAB…"}');
    const b = sealSecret(key, '{"accessToken":"EAAB…"}');
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from('accessToken'))).toBe(false);
    expect(openSecret(key, a)).toBe('{"accessToken":"EAAB…"}');
  });
});

describe('key ids and rotation', () => {
  const current = randomBytes(32);
  const old = randomBytes(32);

  /** The layout sealed before key ids existed: version 1 | IV | tag | ciphertext. */
  function sealLegacy(k: Buffer, plaintext: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', k, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), body]);
  }

  it('seals under the current key and names it', () => {
    const sealed = sealSecret({ current, previous: [old] }, 'token');
    expect(sealedKeyId(sealed)).toEqual(keyIdOf(current));
    expect(keyIdOf(current).includes(current.subarray(0, 4))).toBe(false);
  });

  it('opens values sealed under a previous key, and values sealed before key ids', () => {
    const ring = { current, previous: [old] };
    expect(openSecret(ring, sealSecret(old, 'under the old key'))).toBe('under the old key');
    expect(openSecret(ring, sealLegacy(old, 'legacy, old key'))).toBe('legacy, old key');
    expect(openSecret(ring, sealLegacy(current, 'legacy, current key'))).toBe(
      'legacy, current key',
    );
    expect(sealedKeyId(sealLegacy(current, 'x'))).toBeNull();
  });

  it('says which variable is missing when no configured key matches', () => {
    expect(() => openSecret(current, sealSecret(old, 'x'))).toThrow(
      /neither TRIBUTARY_SECRET_KEY nor in TRIBUTARY_SECRET_KEYS_OLD/,
    );
    expect(() => openSecret(current, sealLegacy(old, 'x'))).toThrow(SecretOpenError);
  });

  it('authenticates the key id: a value relabelled as another key’s does not open', () => {
    const sealed = sealSecret(current, 'x');
    const relabelled = Buffer.from(sealed);
    keyIdOf(old).copy(relabelled, 1);
    expect(() => openSecret({ current, previous: [old] }, relabelled)).toThrow(SecretOpenError);
  });
});
