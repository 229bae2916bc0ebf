import { describe, expect, it } from 'vitest';
import { parseChangeNotice, RESYNC_NOTICE } from './change-notice';

describe('parseChangeNotice', () => {
  it('reads a notice for a cached table', () => {
    expect(parseChangeNotice('{"table":"custom_llm2","key":"team/a"}')).toEqual({
      table: 'custom_llm2',
      key: 'team/a',
    });
    expect(parseChangeNotice('{"table":"api_keys","key":"k"}')).toEqual({ table: 'api_keys', key: 'k' });
  });

  it('turns anything unexpected into a resync rather than dropping it', () => {
    for (const payload of [
      undefined,
      '',
      'not json',
      'null',
      '{"table":"other","key":"k"}',
      '{"table":"api_keys"}',
    ]) {
      expect(parseChangeNotice(payload)).toEqual(RESYNC_NOTICE);
    }
    expect(parseChangeNotice('{"table":"*","key":"*"}')).toEqual(RESYNC_NOTICE);
  });
});
