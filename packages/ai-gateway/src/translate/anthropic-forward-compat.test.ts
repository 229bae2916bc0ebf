import { describe, expect, test } from 'vitest';
import { parseAnthropicCountTokensRequest, parseAnthropicMessagesRequest } from './anthropic-types';
import { convertAnthropicRequestToConverse } from './convert-anthropic-request-to-converse';

describe('the /v1/messages schema is forward compatible', () => {
  test('what Claude Code and newer clients send passes; system-role messages move to system', () => {
    const parsed = parseAnthropicMessagesRequest({
      model: 'm',
      max_tokens: 32000,
      system: [{ type: 'text', text: 'a', cache_control: { type: 'ephemeral', scope: 'global' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBE' } },
            { type: 'text', text: 'hi' },
            { type: 'some_future_block', payload: 1 },
          ],
        },
        { role: 'system', content: 'b' },
      ],
      tools: [
        { type: 'web_search_20250305', name: 'web_search' },
        { name: 'Bash', input_schema: { $schema: 'x', type: 'object' }, defer_loading: true },
      ],
      thinking: { type: 'adaptive', display: 'omitted' },
      output_config: { effort: 'high' },
      context_management: { edits: [] },
    });
    expect(parsed.system).toEqual([
      { type: 'text', text: 'a', cache_control: { type: 'ephemeral', scope: 'global' } },
      { type: 'text', text: 'b' },
    ]);
    expect(parsed.messages).toHaveLength(1);
    expect(parsed.output_config).toEqual({ effort: 'high' });
  });

  test('known blocks are still checked, naming the field', () => {
    expect(() =>
      parseAnthropicMessagesRequest({
        max_tokens: 5,
        messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'x', name: 1 }] }],
      }),
    ).toThrow(expect.objectContaining({ param: 'messages[0].content[0].name' }));
    expect(() =>
      parseAnthropicMessagesRequest({
        max_tokens: 5,
        messages: [{ role: 'user', content: 'x' }],
        thinking: { type: 'enabled', budget_tokens: 10 },
      }),
    ).toThrow(expect.objectContaining({ param: 'thinking.budget_tokens' }));
  });

  test('count_tokens bodies need no max_tokens', () => {
    expect(
      parseAnthropicCountTokensRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
    ).not.toHaveProperty('max_tokens');
  });
});

describe('documents on Converse', () => {
  test('a PDF document becomes a Converse document with format and a valid name', () => {
    const result = convertAnthropicRequestToConverse({
      max_tokens: 10,
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'document',
              source: { type: 'base64', media_type: 'application/pdf', data: 'JVBE' },
              title: 'report_2025.pdf',
            },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'hello' } },
            { type: 'text', text: 'sum up' },
          ],
        },
      ],
    });
    expect(result.messages[0]?.content).toEqual([
      { document: { format: 'pdf', name: 'report 2025 pdf', source: { bytes: 'JVBE' } } },
      {
        document: {
          format: 'txt',
          name: 'document-2',
          source: { bytes: Buffer.from('hello').toString('base64') },
        },
      },
      { text: 'sum up' },
    ]);
  });
});
