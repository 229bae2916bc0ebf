import Anthropic from '@anthropic-ai/sdk';
import { signThinking } from '@gateway/bedrock-emulator';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bedrockDefinition, openAiDefinition } from './support/definitions';
import { startTestGateway, type TestGateway } from './support/test-gateway';

/**
 * What today's Claude clients send, through the official SDKs, to Claude on Bedrock and on the
 * Anthropic API (the emulator's faces, which refuse what the real ones refuse).
 */
let gateway: TestGateway;
let anthropic: Anthropic;
let openai: OpenAI;
const UPSTREAM_KEY = 'sk-ant-upstream-0123456789';
const OPUS_46 = 'global.anthropic.claude-opus-4-6-v1';

/** A one-page PDF, small and valid enough for a document block. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
).toString('base64');

beforeAll(async () => {
  gateway = await startTestGateway({ emulator: { anthropicApiKey: UPSTREAM_KEY } });
  const url = gateway.emulator.url;
  await gateway.putDefinition('sonnet-bedrock', bedrockDefinition(url));
  await gateway.putDefinition('opus-bedrock', bedrockDefinition(url, 'static', { internal_id: OPUS_46 }));
  await gateway.putDefinition('sonnet-api', {
    internal_id: 'claude-sonnet-4-5',
    display_name: 'Claude (Anthropic API)',
    base_url: url,
    api_key: UPSTREAM_KEY,
    openclaw_settings: { api_adapter: 'anthropic-messages' },
  });
  await gateway.putDefinition('gpt', openAiDefinition(url));
  anthropic = new Anthropic({
    apiKey: gateway.callerKey,
    baseURL: `${gateway.url}/api/gateway`,
    maxRetries: 0,
  });
  openai = new OpenAI({ apiKey: gateway.callerKey, baseURL: `${gateway.url}/api/gateway/v1`, maxRetries: 0 });
}, 60_000);
afterAll(() => gateway?.close());
beforeEach(() => gateway.emulator.reset());

const hello = [{ role: 'user' as const, content: 'Hello Claude' }];

describe.each([
  ['Claude on Bedrock', 'sonnet-bedrock', /\/count-tokens$/],
  ['the Anthropic API', 'sonnet-api', /\/v1\/messages\/count_tokens$/],
])('@anthropic-ai/sdk through the gateway to %s', (_label, model, countPath) => {
  it('messages.countTokens counts what the upstream counts', async () => {
    const counted = await anthropic.messages.countTokens({ model, messages: hello, system: 'Be brief.' });
    expect(counted.input_tokens).toBeGreaterThan(0);
    const seen = gateway.emulator.lastRequest();
    expect(seen?.path).toMatch(countPath);
    if (model === 'sonnet-bedrock') {
      // CountTokens takes the foundation model, not the inference profile the definition names.
      expect(seen?.path).toBe(
        `/model/${encodeURIComponent('anthropic.claude-sonnet-4-5-20250929-v1:0')}/count-tokens`,
      );
      const body = JSON.parse(seen?.body ?? '{}') as { input: { invokeModel: { body: string } } };
      const invoke = JSON.parse(Buffer.from(body.input.invokeModel.body, 'base64').toString('utf8'));
      expect(invoke).toMatchObject({ anthropic_version: 'bedrock-2023-05-31', system: 'Be brief.' });
    }
  });

  it('messages.stream with adaptive thinking and effort', async () => {
    const stream = anthropic.messages.stream({
      model,
      max_tokens: 8000,
      messages: hello,
      thinking: { type: 'adaptive' },
      output_config: { effort: 'low' },
    } as Anthropic.MessageStreamParams);
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'thinking' });
    expect(final.content.at(-1)).toMatchObject({ type: 'text' });
    const sent = JSON.parse(gateway.emulator.lastRequest()?.body ?? '{}') as Record<string, unknown>;
    // Sonnet 4.5 takes a budget: on Bedrock, adaptive becomes the budget of the effort.
    if (model === 'sonnet-bedrock') {
      expect(sent.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
      expect(sent.output_config).toBeUndefined();
    } else {
      expect(sent.thinking).toEqual({ type: 'adaptive' });
    }
  });

  it('messages.stream with a PDF document', async () => {
    const stream = anthropic.messages.stream({
      model,
      max_tokens: 256,
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'document',
              source: { type: 'base64', media_type: 'application/pdf', data: PDF },
              title: 'report.pdf',
              citations: { enabled: true },
            },
            { type: 'text', text: 'Summarise the report' },
          ],
        },
      ],
    });
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'text' });
    const sent = JSON.parse(gateway.emulator.lastRequest()?.body ?? '{}') as {
      messages: Array<{ content: Array<{ type: string; source?: { data?: string } }> }>;
    };
    expect(sent.messages[0]?.content[0]).toMatchObject({ type: 'document', source: { data: PDF } });
  });
});

describe('forward compatibility of /v1/messages (what Claude Code and newer SDKs send)', () => {
  it('passes adaptive thinking to a Claude 4.6 model on Bedrock as it is', async () => {
    const message = await anthropic.messages.create({
      model: 'opus-bedrock',
      max_tokens: 4000,
      messages: hello,
      thinking: { type: 'adaptive' },
    } as Anthropic.MessageCreateParamsNonStreaming);
    expect(message.content[0]).toMatchObject({ type: 'thinking' });
    expect(JSON.parse(gateway.emulator.lastRequest()?.body ?? '{}').thinking).toEqual({ type: 'adaptive' });
  });

  it('moves system-role messages into system, in order, for Bedrock', async () => {
    const response = await fetch(`${gateway.url}/api/gateway/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': gateway.callerKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'sonnet-bedrock',
        max_tokens: 64,
        system: 'first',
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'system', content: [{ type: 'text', text: 'second' }] },
        ],
        context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
        unknown_future_field: { x: 1 },
      }),
    });
    expect(response.status).toBe(200);
    const sent = JSON.parse(gateway.emulator.lastRequest()?.body ?? '{}');
    expect(sent.system).toEqual([
      { type: 'text', text: 'first' },
      { type: 'text', text: 'second' },
    ]);
    expect(sent.messages).toEqual([{ role: 'user', content: 'Hi' }]);
    expect(sent.unknown_future_field).toBeUndefined();
    expect(sent.context_management).toBeDefined();
  });

  it('drops server tools Bedrock cannot run (named in a header) and refuses one that is forced', async () => {
    const tools = [
      { type: 'web_search_20250305', name: 'web_search', max_uses: 2 },
      { type: 'bash_20250124', name: 'bash' },
      {
        name: 'lookup',
        description: 'Look a word up',
        input_schema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: {} },
        defer_loading: false,
        cache_control: { type: 'ephemeral' },
      },
    ];
    const response = await fetch(`${gateway.url}/api/gateway/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': gateway.callerKey, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sonnet-bedrock', max_tokens: 64, messages: hello, tools }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-gateway-dropped-tools')).toBe('web_search');
    const sent = JSON.parse(gateway.emulator.lastRequest()?.body ?? '{}') as {
      tools: Array<{ name: string }>;
    };
    expect(sent.tools.map((tool) => tool.name)).toEqual(['bash', 'lookup']);

    const forced = await fetch(`${gateway.url}/api/gateway/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': gateway.callerKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'sonnet-bedrock',
        max_tokens: 64,
        messages: hello,
        tools,
        tool_choice: { type: 'tool', name: 'web_search' },
      }),
    });
    expect(forced.status).toBe(400);
    const error = (await forced.json()) as { error: { message: string } };
    expect(error.error.message).toContain("'web_search'");
  });

  it('count_tokens on an OpenAI-compatible model is a 400 that says counting is not available', async () => {
    const error = await anthropic.messages.countTokens({ model: 'gpt', messages: hello }).catch((e) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String(error.message)).toContain('counting is not available');
  });
});

describe('openai SDK: a two-turn tool loop with reasoning_effort through Claude on Bedrock', () => {
  const tools: OpenAI.ChatCompletionTool[] = [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    },
  ];
  type ThinkingBlock = { type: 'thinking'; thinking: string; signature: string };

  it.each([false, true])('sends the first turn thinking back unchanged (stream: %s)', async (stream) => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
    let assistant: OpenAI.ChatCompletionMessage & { thinking_blocks?: ThinkingBlock[] };
    if (stream) {
      const chunks = await openai.chat.completions.create({
        model: 'sonnet-bedrock',
        messages,
        tools,
        reasoning_effort: 'low',
        stream: true,
      });
      const thinkingBlocks: ThinkingBlock[] = [];
      const calls: OpenAI.ChatCompletionMessageFunctionToolCall[] = [];
      for await (const chunk of chunks) {
        const delta = chunk.choices[0]?.delta as
          | (OpenAI.ChatCompletionChunk.Choice.Delta & { thinking_blocks?: ThinkingBlock[] })
          | undefined;
        thinkingBlocks.push(...(delta?.thinking_blocks ?? []));
        for (const call of delta?.tool_calls ?? []) {
          if (call.id) {
            calls.push({
              id: call.id,
              type: 'function',
              function: { name: call.function?.name ?? '', arguments: '' },
            });
          }
          const current = calls.at(-1);
          if (current && call.function?.arguments) current.function.arguments += call.function.arguments;
        }
      }
      assistant = {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: calls,
        thinking_blocks: thinkingBlocks,
      };
    } else {
      const first = await openai.chat.completions.create({
        model: 'sonnet-bedrock',
        messages,
        tools,
        reasoning_effort: 'low',
      });
      assistant = first.choices[0]?.message as typeof assistant;
      expect(assistant.refusal).toBeNull();
      expect((assistant as { reasoning_content?: string }).reasoning_content).toBeTruthy();
    }
    const thinking = assistant.thinking_blocks?.[0];
    expect(thinking?.signature).toBe(signThinking(thinking?.thinking ?? ''));
    const call = assistant.tool_calls?.[0];
    expect(call?.type === 'function' ? call.function.name : undefined).toBe('get_weather');

    const second = await openai.chat.completions.create({
      model: 'sonnet-bedrock',
      reasoning_effort: 'low',
      tools,
      messages: [
        ...messages,
        assistant as OpenAI.ChatCompletionAssistantMessageParam,
        { role: 'tool', tool_call_id: call?.id ?? '', content: 'Sunny, 21 C' },
      ],
    });
    expect(second.choices[0]?.message.content).toContain('Sunny, 21 C');
    // The emulator refuses a changed or missing signature; it saw the one it gave.
    expect(gateway.emulator.lastRequest()?.thinkingSignatures).toEqual([thinking?.signature]);
  });

  it('turns a file part (base64 PDF) into a document block', async () => {
    await openai.chat.completions.create({
      model: 'sonnet-bedrock',
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'file',
              file: { file_data: `data:application/pdf;base64,${PDF}`, filename: 'report.pdf' },
            },
            {
              type: 'text',
              text: 'Summarise',
              cache_control: { type: 'ephemeral' },
            } as OpenAI.ChatCompletionContentPartText,
          ],
        },
      ],
    });
    const sent = JSON.parse(gateway.emulator.lastRequest()?.body ?? '{}');
    expect(sent.messages[0].content).toEqual([
      {
        type: 'document',
        source: { type: 'base64', media_type: 'application/pdf', data: PDF },
        title: 'report.pdf',
      },
      { type: 'text', text: 'Summarise', cache_control: { type: 'ephemeral' } },
    ]);
  });
});
