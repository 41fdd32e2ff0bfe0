import { checkConnectionSettings } from '@tributary/connectors';
import type { ProviderId } from '@tributary/core';
import { ValidationError } from '../errors/app-error.ts';

/** `settings` checked against the provider's strict schema; a ValidationError names the key. */
export function validateSettings(provider: ProviderId, raw: unknown): Record<string, unknown> {
  const checked = checkConnectionSettings(provider, raw);
  if (!checked.ok) {
    throw new ValidationError(
      checked.path ? `settings.${checked.path}` : 'settings',
      checked.message,
    );
  }
  return checked.settings;
}
