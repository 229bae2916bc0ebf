import { describe, expect, test } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import { parseAnthropicMessagesRequest } from './anthropic-types';
import { parseOpenAiChatRequest } from './openai-types';

function errorOf(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('parseOpenAiChatRequest', () => {
  test('passes unknown top-level parameters through for the policy to decide', () => {
    const request = parseOpenAiChatRequest({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      frequency_penalty: 0.5,
      n: 2,
    });
    expect(request.frequency_penalty).toBe(0.5);
    expect(request.n).toBe(2);
  });

  test('names the field at fault in param', () => {
    const error = errorOf(() =>
      parseOpenAiChatRequest({
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'hello' },
          { role: 'user', content: 5 },
        ],
      }),
    );
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', param: 'messages[2].content' });
    expect(error.message).toContain('messages[2].content');
  });

  test('an unknown role and a malformed part give their exact path', () => {
    expect(errorOf(() => parseOpenAiChatRequest({ messages: [{ role: 'robot', content: 'x' }] })).param).toBe(
      'messages[0].role',
    );
    expect(
      errorOf(() => parseOpenAiChatRequest({ messages: [{ role: 'user', content: [{ type: 'text' }] }] }))
        .param,
    ).toBe('messages[0].content[0].text');
    expect(errorOf(() => parseOpenAiChatRequest({ messages: [] })).param).toBe('messages');
  });
});

describe('parseAnthropicMessagesRequest', () => {
  test('accepts a valid body and keeps unknown fields', () => {
    const request = parseAnthropicMessagesRequest({
      model: 'claude',
      max_tokens: 10,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      anthropic_beta: ['x'],
    });
    expect(request.anthropic_beta).toEqual(['x']);
  });

  test('refuses a missing max_tokens and a bad block with a param', () => {
    expect(
      errorOf(() => parseAnthropicMessagesRequest({ messages: [{ role: 'user', content: 'x' }] })).param,
    ).toBe('max_tokens');
    const error = errorOf(() =>
      parseAnthropicMessagesRequest({
        max_tokens: 5,
        messages: [{ role: 'user', content: [{ type: 'text', text: 1 }] }],
      }),
    );
    expect(error).toMatchObject({
      status: 400,
      code: 'invalid_request',
      param: 'messages[0].content[0].text',
    });
  });
});
