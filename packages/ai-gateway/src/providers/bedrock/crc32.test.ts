import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32';

describe('crc32', () => {
  it('matches the standard check values', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('matches the prelude CRC of an AWS event-stream vector', () => {
    // aws-sdk-go testdata payload_one_str_header: total 61, headers 32, prelude_crc 134054806.
    const prelude = new Uint8Array([0, 0, 0, 61, 0, 0, 0, 32]);
    expect(crc32(prelude)).toBe(134054806);
  });
});
