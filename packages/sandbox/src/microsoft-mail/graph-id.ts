import { createHash } from 'node:crypto';

/** An Exchange-looking opaque id (`AAMkAD…`), stable for the same parts. */
export function graphId(prefix: string, ...parts: (string | number)[]): string {
  const hash = createHash('sha256').update(parts.join('\u0000')).digest('base64url');
  return `${prefix}${hash.slice(0, 40)}`;
}
