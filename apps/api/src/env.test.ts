import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readApiEnv } from './env.ts';

const base = {
  TRIBUTARY_SECRET_KEY: randomBytes(32).toString('base64'),
  TRIBUTARY_DATA_DIR: '/tmp/tributary-env-test',
};

describe('readApiEnv: OAuth settings', () => {
  it('has no provider apps by default', () => {
    expect(readApiEnv(base).oauth).toEqual({});
  });

  it('reads the public URL, the sandbox and both provider apps', () => {
    const env = readApiEnv({
      ...base,
      PUBLIC_URL: 'https://tributary.example.com',
      TRIBUTARY_SANDBOX_URL: 'http://127.0.0.1:4100/',
      FACEBOOK_APP_ID: 'fb',
      FACEBOOK_APP_SECRET: 'fb-secret',
      MICROSOFT_CLIENT_ID: 'ms',
      MICROSOFT_CLIENT_SECRET: 'ms-secret',
    });
    expect(env.oauth).toEqual({
      publicUrl: 'https://tributary.example.com',
      sandboxUrl: 'http://127.0.0.1:4100/',
      facebook: { clientId: 'fb', clientSecret: 'fb-secret' },
      microsoft: { clientId: 'ms', clientSecret: 'ms-secret', tenant: 'common' },
    });
  });

  it('rejects half an app and a PUBLIC_URL that is not http(s)', () => {
    expect(() => readApiEnv({ ...base, FACEBOOK_APP_ID: 'fb' })).toThrow(
      /FACEBOOK_APP_ID and FACEBOOK_APP_SECRET/,
    );
    expect(() => readApiEnv({ ...base, MICROSOFT_CLIENT_SECRET: 's' })).toThrow(/MICROSOFT/);
    expect(() => readApiEnv({ ...base, PUBLIC_URL: 'ftp://example.com' })).toThrow(/PUBLIC_URL/);
  });
});

describe('readApiEnv: CORS_ORIGINS', () => {
  it('allows no other origin by default and reads a comma-separated list', () => {
    expect(readApiEnv(base).corsOrigins).toEqual([]);
    expect(
      readApiEnv({ ...base, CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' })
        .corsOrigins,
    ).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(readApiEnv({ ...base, CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
  });

  it('rejects an entry that is not an origin, naming the variable', () => {
    expect(() => readApiEnv({ ...base, CORS_ORIGINS: 'app.example.com' })).toThrow(/CORS_ORIGINS/);
    expect(() => readApiEnv({ ...base, CORS_ORIGINS: 'https://a.example.com/path' })).toThrow(
      /CORS_ORIGINS/,
    );
  });
});
