import { describe, expect, it } from 'vitest';
import { parseRoute, routePath } from './router.ts';

describe('routes', () => {
  it('parses every screen and unknown paths', () => {
    expect(parseRoute('/')).toEqual({ name: 'connections' });
    expect(parseRoute('/jobs/abc-1')).toEqual({ name: 'job', id: 'abc-1' });
    expect(parseRoute('/history', '?connection=c1')).toEqual({
      name: 'history',
      connectionId: 'c1',
    });
    expect(parseRoute('/records', '?connection=c1&stream=ads')).toEqual({
      name: 'records',
      connectionId: 'c1',
      stream: 'ads',
    });
    expect(parseRoute('/jobs')).toEqual({ name: 'not-found' });
    expect(parseRoute('/nope/x')).toEqual({ name: 'not-found' });
  });
  it('round-trips paths', () => {
    for (const path of [
      '/',
      '/jobs/j%2F1',
      '/history?connection=c1',
      '/records?connection=c&stream=s',
    ]) {
      const [pathname, search = ''] = path.split('?');
      expect(routePath(parseRoute(pathname!, search ? `?${search}` : ''))).toBe(path);
    }
  });
});
