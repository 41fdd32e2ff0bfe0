import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config-error.ts';
import type { SecretKeyring } from './secret-keys.ts';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function decodeKey(raw: string, source: string): Buffer {
  const text = raw.trim();
  const key = BASE64.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
  if (key.length !== 32) {
    throw new ConfigError(
      `${source} must be the base64 encoding of 32 random bytes (generate one with: openssl rand -base64 32)`,
    );
  }
  return key;
}

/**
 * The key that seals provider credentials: TRIBUTARY_SECRET_KEY when set, otherwise
 * `<dataDir>/secret.key`, generated once (mode 0600) so the embedded default needs no setup.
 */
export function loadSecretKey(options: {
  env?: NodeJS.ProcessEnv | Record<string, string | undefined>;
  dataDir: string;
}): Buffer {
  const fromEnv = options.env?.TRIBUTARY_SECRET_KEY;
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return decodeKey(fromEnv, 'TRIBUTARY_SECRET_KEY');
  }
  const path = join(options.dataDir, 'secret.key');
  try {
    return decodeKey(readFileSync(path, 'utf8'), path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    mkdirSync(options.dataDir, { recursive: true });
    // 'wx' fails if another process generated the file first; then we read theirs.
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST') {
      throw new ConfigError(
        `cannot write the secret key to ${path} (${code}); set TRIBUTARY_SECRET_KEY`,
      );
    }
  }
  return decodeKey(readFileSync(path, 'utf8'), path);
}

/**
 * The current key (as loadSecretKey finds it) and the keys a rotation replaced,
 * TRIBUTARY_SECRET_KEYS_OLD (comma-separated base64), kept so values sealed under them still
 * open until `pnpm rotate-secrets` has re-sealed everything.
 */
export function loadSecretKeyring(options: {
  env?: NodeJS.ProcessEnv | Record<string, string | undefined>;
  dataDir: string;
}): SecretKeyring {
  const current = loadSecretKey(options);
  const raw = options.env?.TRIBUTARY_SECRET_KEYS_OLD ?? '';
  const previous = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry, i) => decodeKey(entry, `TRIBUTARY_SECRET_KEYS_OLD (entry ${i + 1})`))
    .filter((key) => !key.equals(current));
  return { current, previous };
}
