import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config-error.ts';
import { loadSecretKey, loadSecretKeyring } from './load-secret-key.ts';

const freshDir = () => mkdtempSync(join(tmpdir(), 'tributary-secret-'));

describe('loadSecretKey', () => {
  it('rejects a malformed TRIBUTARY_SECRET_KEY with a ConfigError naming the variable', () => {
    for (const bad of ['not base64!', randomBytes(16).toString('base64'), 'abc']) {
      expect(() =>
        loadSecretKey({ env: { TRIBUTARY_SECRET_KEY: bad }, dataDir: freshDir() }),
      ).toThrow(/TRIBUTARY_SECRET_KEY must be the base64 encoding of 32/);
    }
  });

  it('rejects a corrupt key file instead of silently replacing it', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'secret.key'), 'garbage');
    expect(() => loadSecretKey({ env: {}, dataDir: dir })).toThrow(ConfigError);
  });

  it('uses the environment key when set', () => {
    const key = randomBytes(32);
    const loaded = loadSecretKey({
      env: { TRIBUTARY_SECRET_KEY: key.toString('base64') },
      dataDir: freshDir(),
    });
    expect(loaded.equals(key)).toBe(true);
  });

  it('generates a key file once (mode 0600) and reuses it', () => {
    const dir = join(freshDir(), 'nested');
    const first = loadSecretKey({ env: {}, dataDir: dir });
    const second = loadSecretKey({ env: {}, dataDir: dir });
    expect(first.length).toBe(32);
    expect(second.equals(first)).toBe(true);
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(join(dir, 'secret.key'), 'utf8').trim(), 'base64')).toEqual(
      first,
    );
  });
});

describe('loadSecretKeyring', () => {
  it('keeps TRIBUTARY_SECRET_KEYS_OLD (comma-separated) readable beside the current key', () => {
    const [current, a, b] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const ring = loadSecretKeyring({
      env: {
        TRIBUTARY_SECRET_KEY: current.toString('base64'),
        TRIBUTARY_SECRET_KEYS_OLD: ` ${a.toString('base64')}, ${b.toString('base64')},${current.toString('base64')}`,
      },
      dataDir: freshDir(),
    });
    expect(ring.current.equals(current)).toBe(true);
    expect(ring.previous.map((k) => k.toString('hex'))).toEqual([
      a.toString('hex'),
      b.toString('hex'),
    ]);
  });

  it('rejects a malformed old key, naming its entry', () => {
    expect(() =>
      loadSecretKeyring({
        env: { TRIBUTARY_SECRET_KEYS_OLD: `${randomBytes(32).toString('base64')},nope` },
        dataDir: freshDir(),
      }),
    ).toThrow(/TRIBUTARY_SECRET_KEYS_OLD \(entry 2\) must be the base64 encoding of 32/);
  });
});
