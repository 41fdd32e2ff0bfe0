import { describe, expect, it } from 'vitest';
import { checkConnectionSettings, SETTINGS_LIMITS } from './connection-settings.ts';

describe('checkConnectionSettings', () => {
  it('accepts the empty settings of every provider', () => {
    for (const provider of ['FACEBOOK_ADS', 'FACEBOOK_PAGES', 'MICROSOFT_MAIL'] as const) {
      expect(checkConnectionSettings(provider, {})).toEqual({ ok: true, settings: {} });
    }
  });

  it('rejects where-to-call keys and any other unknown key, naming it', () => {
    expect(checkConnectionSettings('FACEBOOK_ADS', { baseUrl: 'http://127.0.0.1:9' })).toEqual({
      ok: false,
      path: 'baseUrl',
      message: 'baseUrl is not a FACEBOOK_ADS setting',
    });
    expect(
      checkConnectionSettings('MICROSOFT_MAIL', { sandboxBaseUrl: 'http://127.0.0.1:9' }),
    ).toMatchObject({ ok: false, path: 'sandboxBaseUrl' });
  });

  it('rejects non-objects, deep nesting (without recursing) and oversized values', () => {
    expect(checkConnectionSettings('FACEBOOK_PAGES', [1])).toMatchObject({
      ok: false,
      message: 'settings must be a JSON object',
    });
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(checkConnectionSettings('FACEBOOK_PAGES', deep)).toMatchObject({
      ok: false,
      message: `settings are nested deeper than ${SETTINGS_LIMITS.maxDepth} levels`,
    });
    const big = { note: 'x'.repeat(SETTINGS_LIMITS.maxBytes) };
    expect(checkConnectionSettings('FACEBOOK_PAGES', big)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/bytes; at most 16384 are accepted/),
    });
  });
});
