import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/app-error.ts';
import { validateReturnTo } from './return-to.ts';

const PUBLIC = 'https://tributary.example.com';

describe('validateReturnTo', () => {
  it.each([
    [undefined, '/'],
    ['', '/'],
    ['/', '/'],
    ['/history?connection=abc', '/history?connection=abc'],
    ['/jobs/1#old-fragment', '/jobs/1'],
    ['https://tributary.example.com/records?stream=x', '/records?stream=x'],
  ])('keeps %s as %s', (raw, path) => {
    expect(validateReturnTo(raw, PUBLIC)).toBe(path);
  });

  it.each([
    'https://evil.example/',
    'http://tributary.example.com/', // another scheme is another origin
    'https://tributary.example.com:8443/',
    '//evil.example/',
    '/\\evil.example',
    'javascript:alert(1)',
    'relative/path',
    '/ok\nLocation: https://evil.example',
  ])('rejects %s', (raw) => {
    expect(() => validateReturnTo(raw, PUBLIC)).toThrow(ValidationError);
  });
});
