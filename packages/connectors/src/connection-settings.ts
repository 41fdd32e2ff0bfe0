import type { ProviderId } from '@tributary/core';
import { z } from 'zod';

/**
 * What a connection's `settings` may hold, per provider. A key joins its provider's schema when
 * code reads it; none does today. Where a connection calls is never a setting (see
 * ProviderTarget): that was how any API key could send a connection's token to its own host.
 */
export const CONNECTION_SETTINGS: Readonly<Record<ProviderId, z.ZodType<Record<string, unknown>>>> =
  {
    FACEBOOK_ADS: z.strictObject({}),
    FACEBOOK_PAGES: z.strictObject({}),
    MICROSOFT_MAIL: z.strictObject({}),
  };

/** Bounds checked before the schema walks the value, so no input can be costly to reject. */
export const SETTINGS_LIMITS = { maxBytes: 16_384, maxDepth: 8 } as const;

export type SettingsCheck =
  | { ok: true; settings: Record<string, unknown> }
  /** `path` names the offending key below `settings` ('' for the value itself). */
  | { ok: false; path: string; message: string };

export function checkConnectionSettings(provider: ProviderId, value: unknown): SettingsCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, path: '', message: 'settings must be a JSON object' };
  }
  const depth = depthOf(value, SETTINGS_LIMITS.maxDepth);
  if (depth > SETTINGS_LIMITS.maxDepth) {
    return {
      ok: false,
      path: '',
      message: `settings are nested deeper than ${SETTINGS_LIMITS.maxDepth} levels`,
    };
  }
  const bytes = Buffer.byteLength(JSON.stringify(value));
  if (bytes > SETTINGS_LIMITS.maxBytes) {
    return {
      ok: false,
      path: '',
      message: `settings are ${bytes} bytes; at most ${SETTINGS_LIMITS.maxBytes} are accepted`,
    };
  }
  const parsed = CONNECTION_SETTINGS[provider].safeParse(value);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = [...issue.path.map(String), issue.keys[0]!].join('.');
    return { ok: false, path: key, message: `${key} is not a ${provider} setting` };
  }
  const path = issue.path.map(String).join('.');
  return { ok: false, path, message: `settings${path ? `.${path}` : ''}: ${issue.message}` };
}

/** Nesting depth of a JSON value, walked without recursion and stopping once past `limit`. */
function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}
