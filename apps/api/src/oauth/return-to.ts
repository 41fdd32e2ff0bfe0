import { ValidationError } from '../errors/app-error.ts';

/**
 * Where the browser may be sent after the callback: a path on the API's public origin, never
 * another site (an open redirect would let anyone borrow Tributary's consent screen).
 * Returns the path with query, without any fragment (the callback writes the fragment).
 */
export function validateReturnTo(raw: string | null | undefined, publicUrl: string): string {
  const value = raw?.trim() ?? '';
  if (value === '') return '/';
  const fail = () => {
    throw new ValidationError(
      'returnTo',
      'returnTo must be a path on this site (e.g. /) or a URL with the same origin',
    );
  };
  // Control characters could split the Location header; backslashes read as slashes.
  const unsafe = [...value].some((c) => c.charCodeAt(0) < 0x20 || c === '\\');
  if (value.length > 2000 || unsafe) fail();
  const origin = new URL(publicUrl).origin;
  // A path; `//host` and `/\host` are protocol-relative URLs to other sites.
  const relative = value.startsWith('/') && !value.startsWith('//');
  if (!relative && !URL.canParse(value)) fail();
  const url = new URL(value, origin);
  if (url.origin !== origin) fail();
  return `${url.pathname}${url.search}`;
}
