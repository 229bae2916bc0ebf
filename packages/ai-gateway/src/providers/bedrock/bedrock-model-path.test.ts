import { describe, expect, it } from 'vitest';
import { bedrockAction, bedrockModelPath, isBedrockStreamingAction } from './bedrock-model-path';

describe('bedrockModelPath', () => {
  it('encodes ":" once', () => {
    expect(bedrockModelPath('anthropic.claude-sonnet-4-5-20250929-v1:0', 'invoke')).toBe(
      '/model/anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke',
    );
  });

  it('encodes ":" and "/" of an ARN once', () => {
    expect(
      bedrockModelPath(
        'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0',
        'converse-stream',
      ),
    ).toBe(
      '/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse-stream',
    );
  });

  it('leaves unreserved characters alone and encodes the rest like the AWS SDKs', () => {
    expect(bedrockModelPath('amazon.titan-text_express~v1', 'converse')).toBe(
      '/model/amazon.titan-text_express~v1/converse',
    );
    expect(bedrockModelPath("a b!'()*%", 'invoke')).toBe('/model/a%20b%21%27%28%29%2A%25/invoke');
  });
});

describe('bedrockAction', () => {
  it('picks the operation from the wire format and the client stream flag', () => {
    expect(bedrockAction('anthropic-messages', false)).toBe('invoke');
    expect(bedrockAction('anthropic-messages', true)).toBe('invoke-with-response-stream');
    expect(bedrockAction('bedrock-converse', false)).toBe('converse');
    expect(bedrockAction('bedrock-converse', true)).toBe('converse-stream');
    expect(() => bedrockAction('openai-completions', false)).toThrow(/openai-completions/);
  });

  it('knows which operations stream', () => {
    expect(isBedrockStreamingAction('invoke-with-response-stream')).toBe(true);
    expect(isBedrockStreamingAction('converse-stream')).toBe(true);
    expect(isBedrockStreamingAction('invoke')).toBe(false);
    expect(isBedrockStreamingAction('converse')).toBe(false);
  });
});
