/**
 * The API key lives in localStorage. The start script prints a Dashboard URL carrying the
 * demo key as `#key=…` (or `?key=…`); we take it from there once and strip it from the
 * address bar so it does not linger in history or screenshots.
 */

const STORAGE_KEY = 'tributary.apiKey';

/** The key in a URL's fragment or query, and the URL without it. */
export function extractKeyFromUrl(href: string): { key: string | null; cleanUrl: string } {
  const url = new URL(href);
  const hash = new URLSearchParams(url.hash.replace(/^#/, ''));
  const key = hash.get('key') ?? url.searchParams.get('key');
  if (!key) return { key: null, cleanUrl: href };
  hash.delete('key');
  url.searchParams.delete('key');
  const rest = hash.toString();
  url.hash = rest ? `#${rest}` : '';
  return { key: key.trim(), cleanUrl: url.toString() };
}

export function loadApiKey(storage: Pick<Storage, 'getItem'> = localStorage): string | null {
  return storage.getItem(STORAGE_KEY);
}

export function saveApiKey(key: string, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(STORAGE_KEY, key);
}

export function clearApiKey(storage: Pick<Storage, 'removeItem'> = localStorage): void {
  storage.removeItem(STORAGE_KEY);
}

/** Run once at start-up: adopt a key from the address bar, then return the stored one. */
export function adoptKeyFromLocation(): string | null {
  const { key, cleanUrl } = extractKeyFromUrl(window.location.href);
  if (key) {
    saveApiKey(key);
    window.history.replaceState(window.history.state, '', cleanUrl);
  }
  return loadApiKey();
}
