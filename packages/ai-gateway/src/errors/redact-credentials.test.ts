import { describe, expect, it } from 'vitest';
import { REDACTED, redactCredentials } from './redact-credentials';

describe('redactCredentials', () => {
  it.each([
    ['Incorrect API key provided: sk-proj-abc123DEF456ghi789', 'sk-proj-abc123DEF456ghi789'],
    ['bad key sk-ant-api03-Xy_z-0123456789abcdef', 'sk-ant-api03-Xy_z-0123456789abcdef'],
    ['header was Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig', 'eyJhbGciOiJIUzI1NiJ9.e30.sig'],
    ['key AKIAIOSFODNN7EXAMPLE is unknown', 'AKIAIOSFODNN7EXAMPLE'],
    ['secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY leaked', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    [
      'Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
      '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    ],
  ])('masks %j', (message, secret) => {
    const redacted = redactCredentials(message);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain('[redacted]');
  });

  it.each([
    "max_tokens: 100000 > 8192, which is the maximum allowed for 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'",
    'The model `gpt-4o-mini-2024-07-18` does not exist or you do not have access to it.',
    'messages.1.content.0.tool_use.id: String should match pattern',
  ])('keeps ordinary messages readable: %j', (message) => {
    expect(redactCredentials(message)).toBe(message);
  });
});

describe('redactCredentials (issue 17 #12)', () => {
  it('masks a Google API key that contains - and .', () => {
    const key = 'AIzaSyA1b2C3d4-E5f6.G7h8I9j0K1l2M3';
    expect(redactCredentials(`API key not valid: ${key}.`)).not.toContain('E5f6');
  });

  it('masks exact known secrets that no pattern recognises (UUID-like, dotted, short)', () => {
    const uuidKey = '3f2b8c1e-9d4a-4e7b-b1c2-0a9f8e7d6c5b';
    const dotted = 'team.key.v2-abc';
    const text = `rejected ${uuidKey} and ${dotted} (model gpt-4o-mini)`;
    expect(redactCredentials(text)).toContain(uuidKey);
    const masked = redactCredentials(text, [uuidKey, dotted]);
    expect(masked).toBe(`rejected ${REDACTED} and ${REDACTED} (model gpt-4o-mini)`);
  });

  it('masks a secret that contains another one whole', () => {
    expect(redactCredentials('x secret-abc-long y', ['secret-abc', 'secret-abc-long'])).toBe(
      `x ${REDACTED} y`,
    );
  });

  it('ignores known secrets too short to mask safely', () => {
    expect(redactCredentials('use model a', ['a'])).toBe('use model a');
  });
});
