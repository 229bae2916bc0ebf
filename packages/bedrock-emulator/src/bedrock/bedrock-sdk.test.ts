import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  ConverseCommand,
  ConverseStreamCommand,
  type ConverseStreamOutput,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULT_BEDROCK_API_KEY, EMULATOR_DEFAULT_CREDENTIALS } from '../default-credentials';
import { startEmulator } from '../server';
import type { EmulatorHandle } from '../types';

// The official AWS SDK is the judge here: it signs the requests and decodes every response.
const PROFILE_ID = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const [permanent, temporary] = EMULATOR_DEFAULT_CREDENTIALS;

let emulator: EmulatorHandle;

function client(overrides: Partial<BedrockRuntimeClientConfig> = {}): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: { accessKeyId: permanent!.accessKeyId, secretAccessKey: permanent!.secretAccessKey },
    maxAttempts: 1,
    ...overrides,
  });
}

function anthropicBody(text: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    anthropic_version: 'bedrock-2023-05-31',
    max_tokens: 64,
    messages: [{ role: 'user', content: text }],
    ...extra,
  });
}

const weatherTool = {
  toolSpec: {
    name: 'get_weather',
    description: 'Weather for a city',
    inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
  },
};

async function invokeStreamEvents(modelId: string, body: string): Promise<Record<string, unknown>[]> {
  const response = await client().send(
    new InvokeModelWithResponseStreamCommand({ modelId, body, contentType: 'application/json' }),
  );
  const events: Record<string, unknown>[] = [];
  for await (const part of response.body!) {
    if (part.chunk?.bytes) events.push(JSON.parse(Buffer.from(part.chunk.bytes).toString('utf8')));
  }
  return events;
}

async function converseStreamEvents(modelId: string): Promise<ConverseStreamOutput[]> {
  const response = await client().send(
    new ConverseStreamCommand({
      modelId,
      messages: [{ role: 'user', content: [{ text: 'Stream please' }] }],
    }),
  );
  const events: ConverseStreamOutput[] = [];
  for await (const event of response.stream!) events.push(event);
  return events;
}

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe('Bedrock face with @aws-sdk/client-bedrock-runtime', () => {
  it('InvokeModel: verifies the signature over the once-encoded path and answers in Anthropic format', async () => {
    const response = await client().send(
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
    const withToken = client({
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
    const response = await client().send(
      new InvokeModelCommand({ modelId: arn, body: anthropicBody('arn') }),
    );
    expect(response.$metadata.httpStatusCode).toBe(200);
    expect(emulator.lastRequest()!.path).toContain('foundation-model%2Fanthropic');
  });

  it('InvokeModelWithResponseStream: decodes every chunk, ending with invocation metrics', async () => {
    const events = await invokeStreamEvents(PROFILE_ID, anthropicBody('Hello stream'));
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
    const events = await invokeStreamEvents(PROFILE_ID, anthropicBody('Paris', { tools }));
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
    const first = await client().send(
      new ConverseCommand({
        modelId: PROFILE_ID,
        messages: [{ role: 'user', content: [{ text: 'Weather in Paris?' }] }],
        toolConfig: { tools: [weatherTool] },
      }),
    );
    expect(first.stopReason).toBe('tool_use');
    const toolUse = first.output!.message!.content![0]!.toolUse!;
    expect(toolUse).toMatchObject({ name: 'get_weather', input: { city: 'Weather in Paris?' } });

    const second = await client().send(
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
    const blank = client().send(
      new ConverseCommand({ modelId: PROFILE_ID, messages: [{ role: 'user', content: [{ text: '  ' }] }] }),
    );
    await expect(blank).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('messages.0.content.0 is blank'),
    });
    const noToolConfig = client().send(
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
    const events = await converseStreamEvents(PROFILE_ID);
    expect(events[0]!.messageStart).toEqual({ role: 'assistant' });
    const text = events.map((event) => event.contentBlockDelta?.delta?.text ?? '').join('');
    expect(text).toBe('Hello from the emulator. You said: Stream please');
    expect(events.find((event) => event.messageStop)!.messageStop!.stopReason).toBe('end_turn');
    expect(events.at(-1)!.metadata!.usage!.outputTokens).toBeGreaterThan(0);
  });

  it('accepts a Bedrock API key through the SDK bearer auth scheme', async () => {
    const withKey = client({
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

describe('Bedrock failures as the SDK sees them', () => {
  it('a wrong secret is an InvalidSignatureException', async () => {
    const wrong = client({
      credentials: { accessKeyId: permanent!.accessKeyId, secretAccessKey: 'not-the-secret' },
    });
    await expect(
      wrong.send(new InvokeModelCommand({ modelId: PROFILE_ID, body: anthropicBody('x') })),
    ).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 403 },
    });
    expect(emulator.lastRequest()!.signatureVerified).toBe(false);
  });

  it('an unknown access key id is an UnrecognizedClientException', async () => {
    const unknown = client({ credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' } });
    await expect(
      unknown.send(new InvokeModelCommand({ modelId: PROFILE_ID, body: anthropicBody('x') })),
    ).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
    });
  });

  it('a bare id that needs an inference profile is a ValidationException', async () => {
    const bare = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
    await expect(
      client().send(new InvokeModelCommand({ modelId: bare, body: anthropicBody('x') })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: `Invocation of model ID ${bare} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
    });
  });

  it('`stream` in an Anthropic body is refused with the extraneous-key message', async () => {
    const body = anthropicBody('x', { stream: true });
    await expect(client().send(new InvokeModelCommand({ modelId: PROFILE_ID, body }))).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        'Malformed input request: #: extraneous key [stream] is not permitted, please reformat your input and try again.',
    });
  });

  it('throttle: ThrottlingException, and only the first N times when asked', async () => {
    emulator.setScenario(PROFILE_ID, 'throttle');
    await expect(
      client().send(new InvokeModelCommand({ modelId: PROFILE_ID, body: anthropicBody('x') })),
    ).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 429 },
    });
    emulator.setScenario(PROFILE_ID, 'throttle', { times: 1 });
    const retrying = client({ maxAttempts: 2 });
    const response = await retrying.send(
      new InvokeModelCommand({ modelId: PROFILE_ID, body: anthropicBody('x') }),
    );
    expect(response.$metadata.attempts).toBe(2);
  });

  it('service-unavailable: ServiceUnavailableException', async () => {
    emulator.setScenario(PROFILE_ID, 'service-unavailable');
    await expect(
      client().send(
        new ConverseCommand({ modelId: PROFILE_ID, messages: [{ role: 'user', content: [{ text: 'x' }] }] }),
      ),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableException',
      $metadata: { httpStatusCode: 503 },
    });
  });

  it('midstream-exception: the SDK stream throws ModelStreamErrorException after normal chunks', async () => {
    emulator.setScenario(PROFILE_ID, 'midstream-exception', { afterFrames: 2 });
    const seen: string[] = [];
    const consume = async () => {
      const response = await client().send(
        new InvokeModelWithResponseStreamCommand({ modelId: PROFILE_ID, body: anthropicBody('x') }),
      );
      for await (const part of response.body!) {
        seen.push(JSON.parse(Buffer.from(part.chunk!.bytes!).toString('utf8')).type);
      }
    };
    await expect(consume()).rejects.toMatchObject({ name: 'ModelStreamErrorException' });
    expect(seen).toEqual(['message_start', 'content_block_start']);

    emulator.setScenario(PROFILE_ID, 'midstream-exception');
    await expect(converseStreamEvents(PROFILE_ID)).rejects.toMatchObject({
      name: 'ModelStreamErrorException',
    });
  });

  it('bad-crc: the SDK refuses the corrupted frame', async () => {
    emulator.setScenario(PROFILE_ID, 'bad-crc', { afterFrames: 1 });
    await expect(converseStreamEvents(PROFILE_ID)).rejects.toThrow(/checksum/i);
  });
});

describe('capture scenario: real Bedrock bytes through the SDK', () => {
  beforeEach(() => emulator.setScenario(PROFILE_ID, 'capture'));

  it('InvokeModel and InvokeModelWithResponseStream', async () => {
    const response = await client().send(
      new InvokeModelCommand({ modelId: PROFILE_ID, body: anthropicBody('x') }),
    );
    expect(JSON.parse(Buffer.from(response.body).toString('utf8')).stop_reason).toBe('max_tokens');
    expect(response.$metadata.requestId).toBe('c92e8fb8-a69f-47b5-bdfb-94952440dedb');
    const events = await invokeStreamEvents(PROFILE_ID, anthropicBody('x'));
    expect(events.map((event) => event.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'message_delta',
      'message_stop',
    ]);
  });

  it('Converse and ConverseStream', async () => {
    const response = await client().send(
      new ConverseCommand({ modelId: PROFILE_ID, messages: [{ role: 'user', content: [{ text: 'x' }] }] }),
    );
    expect(response.output!.message!.content![0]!.toolUse!.name).toBe('record_numbers');
    const events = await converseStreamEvents(PROFILE_ID);
    expect(events).toHaveLength(6);
    expect(events[1]!.contentBlockStart!.start!.toolUse!.name).toBe('record_numbers');
  });
});
