import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecret, SecretOpenError, sealSecret } from './seal-secret.ts';

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
