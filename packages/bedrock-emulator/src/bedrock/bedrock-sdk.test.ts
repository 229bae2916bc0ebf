import { ConverseCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULT_BEDROCK_API_KEY } from '../default-credentials';
import { startEmulator } from '../server';
import type { EmulatorHandle } from '../types';
import {
  anthropicBody,
  converseStreamEvents,
  invokeStreamEvents,
  PROFILE_ID,
  sdkClient,
  temporary,
  weatherTool,
} from './sdk-test-helpers';

let emulator: EmulatorHandle;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe('Bedrock face with @aws-sdk/client-bedrock-runtime', () => {
  it('InvokeModel: verifies the signature over the once-encoded path and answers in Anthropic format', async () => {
    const response = await sdkClient(emulator).send(
      new InvokeModelCommand({
        modelId: PROFILE_ID,
        body: anthropicBody('Hi there'),
        contentType: 'application/json',
      }),
    );
    const message = JSON.parse(Buffer.from(response.body).toString('utf8'));
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [{ type: 'text', text: 'Hello from the emulator. You said: Hi there' }],
      stop_reason: 'end_turn',
    });
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    const recorded = emulator.lastRequest()!;
    expect(recorded.signatureVerified).toBe(true);
    expect(recorded.auth).toBe('sigv4');
    expect(recorded.path).toBe('/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke');
    expect(recorded.modelId).toBe(PROFILE_ID);
  });

  it('InvokeModel: accepts temporary credentials with their session token', async () => {
    const withToken = sdkClient(emulator, {
      credentials: {
        accessKeyId: temporary!.accessKeyId,
        secretAccessKey: temporary!.secretAccessKey,
        sessionToken: temporary!.sessionToken,
      },
    });
    const response = await withToken.send(
      new InvokeModelCommand({ modelId: PROFILE_ID, body: anthropicBody('token') }),
    );
    expect(response.$metadata.httpStatusCode).toBe(200);
    expect(emulator.lastRequest()!.headers['x-amz-security-token']).toBe(temporary!.sessionToken);
  });

  it('InvokeModel: a foundation-model ARN arrives with %2F and works on demand', async () => {
    const arn = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0';
    const response = await sdkClient(emulator).send(
      new InvokeModelCommand({ modelId: arn, body: anthropicBody('arn') }),
    );
    expect(response.$metadata.httpStatusCode).toBe(200);
    expect(emulator.lastRequest()!.path).toContain('foundation-model%2Fanthropic');
  });

  it('InvokeModelWithResponseStream: decodes every chunk, ending with invocation metrics', async () => {
    const events = await invokeStreamEvents(emulator, PROFILE_ID, anthropicBody('Hello stream'));
    expect(events.map((event) => event.type)).toEqual([
      'message_start',
      'content_block_start',
      ...Array(8).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const text = events
      .filter((event) => event.type === 'content_block_delta')
      .map((event) => (event.delta as { text: string }).text)
      .join('');
    expect(text).toBe('Hello from the emulator. You said: Hello stream');
    expect(events.at(-1)!['amazon-bedrock-invocationMetrics']).toMatchObject({
      inputTokenCount: expect.any(Number),
    });
  });

  it('InvokeModelWithResponseStream: streams a tool_use with input_json_delta when tools are given', async () => {
    const tools = [
      { name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
    ];
    const events = await invokeStreamEvents(emulator, PROFILE_ID, anthropicBody('Paris', { tools }));
    expect(events[1]).toMatchObject({ content_block: { type: 'tool_use', name: 'get_weather' } });
    const json = events
      .filter((event) => event.type === 'content_block_delta')
      .map((event) => (event.delta as { partial_json: string }).partial_json)
      .join('');
    expect(JSON.parse(json)).toEqual({ city: 'Paris' });
    expect(events.find((event) => event.type === 'message_delta')).toMatchObject({
      delta: { stop_reason: 'tool_use' },
    });
  });

  it('Converse: tool call first, then a text that quotes the tool result', async () => {
    const first = await sdkClient(emulator).send(
      new ConverseCommand({
        modelId: PROFILE_ID,
        messages: [{ role: 'user', content: [{ text: 'Weather in Paris?' }] }],
        toolConfig: { tools: [weatherTool] },
      }),
    );
    expect(first.stopReason).toBe('tool_use');
    const toolUse = first.output!.message!.content![0]!.toolUse!;
    expect(toolUse).toMatchObject({ name: 'get_weather', input: { city: 'Weather in Paris?' } });

    const second = await sdkClient(emulator).send(
      new ConverseCommand({
        modelId: PROFILE_ID,
        messages: [
          { role: 'user', content: [{ text: 'Weather in Paris?' }] },
          { role: 'assistant', content: [{ toolUse }] },
          {
            role: 'user',
            content: [{ toolResult: { toolUseId: toolUse.toolUseId, content: [{ text: 'Sunny, 21C' }] } }],
          },
        ],
        toolConfig: { tools: [weatherTool] },
      }),
    );
    expect(second.stopReason).toBe('end_turn');
    expect(second.output!.message!.content![0]!.text).toBe('The tool returned: Sunny, 21C');
    expect(second.usage!.totalTokens).toBeGreaterThan(0);
  });

  it('Converse: blank text and missing toolConfig are ValidationExceptions with AWS wording', async () => {
    const blank = sdkClient(emulator).send(
      new ConverseCommand({ modelId: PROFILE_ID, messages: [{ role: 'user', content: [{ text: '  ' }] }] }),
    );
    await expect(blank).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('messages.0.content.0 is blank'),
    });
    const noToolConfig = sdkClient(emulator).send(
      new ConverseCommand({
        modelId: PROFILE_ID,
        messages: [
          { role: 'user', content: [{ text: 'q' }] },
          { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'x', input: {} } }] },
          { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ text: 'r' }] } }] },
        ],
      }),
    );
    await expect(noToolConfig).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('ConverseStream: decodes messageStart, text deltas, messageStop and metadata', async () => {
    const events = await converseStreamEvents(emulator, PROFILE_ID);
    expect(events[0]!.messageStart).toEqual({ role: 'assistant' });
    const text = events.map((event) => event.contentBlockDelta?.delta?.text ?? '').join('');
    expect(text).toBe('Hello from the emulator. You said: Stream please');
    expect(events.find((event) => event.messageStop)!.messageStop!.stopReason).toBe('end_turn');
    expect(events.at(-1)!.metadata!.usage!.outputTokens).toBeGreaterThan(0);
  });

  it('accepts a Bedrock API key through the SDK bearer auth scheme', async () => {
    const withKey = sdkClient(emulator, {
      credentials: undefined,
      token: { token: EMULATOR_DEFAULT_BEDROCK_API_KEY },
      authSchemePreference: ['httpBearerAuth'],
    });
    const response = await withKey.send(
      new InvokeModelCommand({ modelId: PROFILE_ID, body: anthropicBody('key') }),
    );
    expect(response.$metadata.httpStatusCode).toBe(200);
    expect(emulator.lastRequest()!.auth).toBe('bedrock-api-key');
  });
});
