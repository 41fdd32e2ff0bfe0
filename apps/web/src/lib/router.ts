import { useSyncExternalStore } from 'react';

/** The dashboard's screens; paths are real URLs (the API serves index.html for any path). */
export type Route =
  | { name: 'connections' }
  | { name: 'job'; id: string }
  | { name: 'history'; connectionId: string | null }
  | { name: 'records'; connectionId: string | null; stream: string | null }
  | { name: 'connection-settings'; id: string }
  | { name: 'api-keys' }
  | { name: 'not-found' };

export function parseRoute(pathname: string, search = ''): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(search);
  if (parts.length === 0) return { name: 'connections' };
  if (parts[0] === 'jobs' && parts.length === 2) return { name: 'job', id: parts[1]! };
  if (parts[0] === 'connections' && parts.length === 3 && parts[2] === 'settings') {
    return { name: 'connection-settings', id: parts[1]! };
  }
  if (parts[0] === 'settings' && parts[1] === 'api-keys' && parts.length === 2) {
    return { name: 'api-keys' };
  }
  if (parts[0] === 'history' && parts.length === 1) {
    return { name: 'history', connectionId: query.get('connection') };
  }
  if (parts[0] === 'records' && parts.length === 1) {
    return { name: 'records', connectionId: query.get('connection'), stream: query.get('stream') };
  }
  return { name: 'not-found' };
}

export function routePath(route: Route): string {
  switch (route.name) {
    case 'connections':
    case 'not-found':
      return '/';
    case 'job':
      return `/jobs/${encodeURIComponent(route.id)}`;
    case 'connection-settings':
      return `/connections/${encodeURIComponent(route.id)}/settings`;
    case 'api-keys':
      return '/settings/api-keys';
    case 'history':
      return route.connectionId
        ? `/history?${new URLSearchParams({ connection: route.connectionId })}`
        : '/history';
    case 'records': {
      const query = new URLSearchParams();
      if (route.connectionId) query.set('connection', route.connectionId);
      if (route.stream) query.set('stream', route.stream);
      const text = query.toString();
      return text ? `/records?${text}` : '/records';
    }
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  for (const listener of listeners) listener();
  window.scrollTo(0, 0);
}

export function useRoute(): Route {
  const location = useSyncExternalStore(subscribe, snapshot);
  const index = location.indexOf('?');
  return index === -1
    ? parseRoute(location)
    : parseRoute(location.slice(0, index), location.slice(index));
}
