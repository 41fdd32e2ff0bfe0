import { parse } from 'graphql/index.js';
import { describe, expect, it } from 'vitest';
import { rootFieldCount } from '../limits/operation-guard.ts';
import { parseDateTime } from './date-time.ts';
import { checkJsonValue } from './json-scalar.ts';
import { unstorableReason } from './storable-text.ts';

describe('DateTime is RFC 3339, strictly', () => {
  it('accepts timestamps with an offset, and full dates as midnight UTC', () => {
    expect(parseDateTime('2026-01-31T10:00:00+02:00').toISOString()).toBe(
      '2026-01-31T08:00:00.000Z',
    );
    expect(parseDateTime('2026-01-31t10:00:00.5z').toISOString()).toBe('2026-01-31T10:00:00.500Z');
    expect(parseDateTime('2024-02-29').toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it.each([
    ['2026-02-30T00:00:00Z', /2026-02-30 is not a calendar date/],
    ['2025-02-29', /not a calendar date/],
    ['2026-13-01T00:00:00Z', /not a calendar date/],
    ['2026-01-31T24:00:00Z', /time of day/],
    ['2026-01-31T10:00:00', /not in that format/],
    ['2026-01-31T10:00Z', /not in that format/],
    ['2026-01-31T10:00:00+0200', /not in that format/],
    ['2026-01-31T10:00:00+25:00', /offset/],
    ['1', /not in that format/],
    ['tomorrow', /not in that format/],
  ])('rejects %s', (value, message) => {
    expect(() => parseDateTime(value)).toThrow(message);
  });

  it('rejects what is not a string, quoting little of it', () => {
    expect(() => parseDateTime(20260131)).toThrow(/RFC 3339/);
    expect(() => parseDateTime('x'.repeat(10_000))).toThrow(/got "x{59}$/);
  });
});

describe('JSON arguments are bounded before anything recurses into them', () => {
  const nested = (depth: number) => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = [value];
    return value;
  };

  it('accepts ordinary settings', () => {
    const value = { lookbackDays: 28, fields: ['a', 'b'], nested: { on: true, note: null } };
    expect(checkJsonValue(value)).toBe(value);
    expect(checkJsonValue(nested(32))).toBeTruthy();
  });

  it('rejects deep, large and unstorable values with a VALIDATION error', () => {
    expect(() => checkJsonValue(nested(33))).toThrow(/nested deeper than 32/);
    expect(() => checkJsonValue(nested(100_000))).toThrow(/nested deeper than 32/);
    expect(() => checkJsonValue(Array.from({ length: 20_000 }, () => 0))).toThrow(
      /more than 10000/,
    );
    expect(() => checkJsonValue({ a: { b: 'x\u0000' } })).toThrow(/"a.b" contains a NUL/);
    expect(() => checkJsonValue({ 'k\u0000': 1 })).toThrow(/key .* NUL/);
    expect(() => checkJsonValue('y'.repeat(70_000))).toThrow(/longer than/);
    let caught: unknown = null;
    try {
      checkJsonValue(nested(40));
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ extensions: { code: 'VALIDATION' } });
  });
});

describe('text PostgreSQL can store', () => {
  it('names NUL and lone surrogates, and passes everything else', () => {
    expect(unstorableReason('plain ünïcödé 👍')).toBeNull();
    expect(unstorableReason('a\u0000b')).toMatch(/NUL/);
    expect(unstorableReason('a\uD800b')).toMatch(/surrogate/);
    expect(unstorableReason('a\uDC00')).toMatch(/surrogate/);
  });
});

describe('mutation cost counts the fields an operation runs', () => {
  const count = (source: string) => {
    const document = parse(source);
    const fragments = new Map(
      document.definitions.flatMap((d) =>
        d.kind === 'FragmentDefinition' ? [[d.name.value, d]] : [],
      ),
    );
    const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
    if (operation?.kind !== 'OperationDefinition') throw new Error('no operation');
    return rootFieldCount(operation.selectionSet, fragments as never);
  };

  it('through aliases, fragments and inline fragments, once per fragment', () => {
    expect(count('mutation { a: x b: x __typename }')).toBe(2);
    expect(count('mutation { ...F ...F } fragment F on Mutation { a: x b: x }')).toBe(2);
    expect(count('mutation { ... on Mutation { a: x ... on Mutation { b: x } } }')).toBe(2);
    expect(
      count(
        'mutation { ...F } fragment F on Mutation { a: x ...G } fragment G on Mutation { b: x c: x }',
      ),
    ).toBe(3);
  });
});
