import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJson } from './parse-json.ts';

const context = {
  provider: 'FACEBOOK_ADS' as const,
  endpoint: '/v21.0/act_1/campaigns',
  httpStatus: 200,
};
const schema = z.object({ data: z.array(z.object({ id: z.string() })) });

describe('parseJson', () => {
  it('names provider and endpoint when the body is not JSON', () => {
    expect(() => parseJson('{"data":[{"id":"1"', schema, context)).toThrow(
      expect.objectContaining({
        kind: 'malformed',
        endpoint: '/v21.0/act_1/campaigns',
        message: 'FACEBOOK_ADS /v21.0/act_1/campaigns: response is not JSON (18 bytes)',
      }),
    );
  });

  it('names the missing field', () => {
    expect(() => parseJson('{"unexpected":true}', schema, context)).toThrow(
      'FACEBOOK_ADS /v21.0/act_1/campaigns: missing field data',
    );
    expect(() => parseJson('{"data":[{"id":7}]}', schema, context)).toThrow(/field data\.0\.id: /);
  });

  it('returns the parsed body when it matches', () => {
    expect(parseJson('{"data":[{"id":"1"}]}', schema, context)).toEqual({ data: [{ id: '1' }] });
  });
});
