import { ValidationError } from '../errors/app-error.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why PostgreSQL could not store this string faithfully, or null when it can. text and jsonb
 * cannot hold U+0000 (the INSERT would fail as an internal error), and a lone surrogate has no
 * UTF-8 form (it would be stored silently changed to U+FFFD).
 */
export function unstorableReason(value: string): string | null {
  if (value.includes('\u0000')) return 'contains a NUL character (U+0000)';
  if (LONE_SURROGATE.test(value)) return 'contains an unpaired UTF-16 surrogate';
  return null;
}

/** Throws a ValidationError naming `field` when the string cannot be stored as text. */
export function assertStorableText(field: string, value: string): string {
  const reason = unstorableReason(value);
  if (reason) throw new ValidationError(field, `${field} ${reason}`);
  return value;
}
