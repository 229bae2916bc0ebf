import { describe, expect, it } from 'vitest';
import { redactCredentials } from './redact-credentials';

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
