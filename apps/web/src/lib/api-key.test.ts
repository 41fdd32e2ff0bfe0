import { describe, expect, it } from 'vitest';
import { clearApiKey, extractKeyFromUrl, loadApiKey, saveApiKey } from './api-key.ts';

describe('extractKeyFromUrl', () => {
  it('takes the key from the fragment and strips it', () => {
    expect(extractKeyFromUrl('http://127.0.0.1:4000/#key=trib_abc')).toEqual({
      key: 'trib_abc',
      cleanUrl: 'http://127.0.0.1:4000/',
    });
  });
  it('takes the key from the query and keeps other parameters', () => {
    expect(extractKeyFromUrl('http://h/records?key=k1&stream=ads#x=1')).toEqual({
      key: 'k1',
      cleanUrl: 'http://h/records?stream=ads#x=1',
    });
  });
  it('leaves URLs without a key alone', () => {
    expect(extractKeyFromUrl('http://h/history?connection=c')).toEqual({
      key: null,
      cleanUrl: 'http://h/history?connection=c',
    });
  });
});

describe('key storage', () => {
  it('saves, loads and clears', () => {
    const map = new Map<string, string>();
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k),
    };
    expect(loadApiKey(storage)).toBeNull();
    saveApiKey('secret', storage);
    expect(loadApiKey(storage)).toBe('secret');
    clearApiKey(storage);
    expect(loadApiKey(storage)).toBeNull();
  });
});
