import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { usageTotals } from '@gateway/db';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bedrockDefinition, openAiDefinition, STATIC_CREDENTIALS } from './support/definitions';
import { startTestGateway, type TestGateway } from './support/test-gateway';

let gateway: TestGateway;
let client: BedrockRuntimeClient;
let keyId: string;
const PROFILE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

async function createKey(body: Record<string, unknown>): Promise<{ id: string; key: string }> {
  return (await (await gateway.admin('POST', '/api/admin/api-keys', body)).json()) as {
    id: string;
    key: string;
  };
}

/**
 * The AWS SDK as an app configures it for a Bedrock API key, pointed at the gateway. The client's
 * default handler speaks HTTP/2 (h2c with prior knowledge on `http://`); the test gateway serves
 * HTTP/1.1 on plain http, as a TLS-terminating proxy does behind https, so it gets the HTTP/1.1 handler.
 */
function bedrockClient(key: string): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: `${gateway.url}/api/gateway/bedrock`,
    token: { token: key },
    authSchemePreference: ['httpBearerAuth'],
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 1,
  });
}

beforeAll(async () => {
  gateway = await startTestGateway();
  const url = gateway.emulator.url;
  await gateway.putDefinition('claude', bedrockDefinition(url, 'static', { aliases: ['claude-native'] }));
  await gateway.putDefinition(
    'claude-key',
    bedrockDefinition(url, 'api_key', { internal_id: 'anthropic.claude-3-haiku-20240307-v1:0' }),
  );
  await gateway.putDefinition(
    'titan',
    bedrockDefinition(url, 'static', { internal_id: 'amazon.titan-embed-text-v2:0', mode: 'embedding' }),
  );
  await gateway.putDefinition('gpt', openAiDefinition(url));
  const created = await createKey({ name: 'native' });
  keyId = created.id;
  client = bedrockClient(created.key);
});
afterAll(() => gateway?.close());
beforeEach(() => gateway.emulator.reset());

const claudeBody = (text: string) =>
  JSON.stringify({
    anthropic_version: 'bedrock-2023-05-31',
    max_tokens: 64,
    messages: [{ role: 'user', content: text }],
  });
const converseInput = (modelId: string, text: string) => ({
  modelId,
  messages: [{ role: 'user' as const, content: [{ text }] }],
  inferenceConfig: { maxTokens: 64 },
});

const decoder = new TextDecoder();
const lastUpstream = () => gateway.emulator.requests.filter((request) => request.face === 'bedrock').at(-1);

describe('@aws-sdk/client-bedrock-runtime pointed at the gateway with the caller key as a Bedrock API key', () => {
  it('InvokeModel by public id: the body goes up as it came, signed with the definition credentials', async () => {
    const answer = await client.send(
      new InvokeModelCommand({
        modelId: 'claude',
        body: claudeBody('Hello invoke'),
        contentType: 'application/json',
      }),
    );
    const message = JSON.parse(decoder.decode(answer.body)) as {
      content: { text: string }[];
      usage: { output_tokens: number };
    };
    expect(message.content[0]?.text).toContain('Hello invoke');
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    const seen = lastUpstream();
    expect(seen?.path).toBe(`/model/${encodeURIComponent(PROFILE)}/invoke`);
    expect(seen?.signatureVerified).toBe(true);
    expect(seen?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIA/);
    expect(JSON.parse(seen?.body ?? '{}').anthropic_version).toBe('bedrock-2023-05-31');
  });

  it('InvokeModel by alias and by internal id (what SDKs and Claude Code send, ":" percent-encoded)', async () => {
    for (const modelId of ['claude-native', PROFILE]) {
      const answer = await client.send(new InvokeModelCommand({ modelId, body: claudeBody('by id') }));
      expect(decoder.decode(answer.body)).toContain('by id');
    }
  });

  it('InvokeModel with a Bedrock API key definition and on a non-Claude model (Titan embeddings)', async () => {
    const claude = await client.send(
      new InvokeModelCommand({ modelId: 'claude-key', body: claudeBody('api key') }),
    );
    expect(decoder.decode(claude.body)).toContain('api key');
    expect(lastUpstream()?.auth).toBe('bedrock-api-key');
    const titan = await client.send(
      new InvokeModelCommand({
        modelId: 'titan',
        body: JSON.stringify({ inputText: 'embed me', dimensions: 256 }),
      }),
    );
    expect((JSON.parse(decoder.decode(titan.body)) as { embedding: number[] }).embedding).toHaveLength(256);
  });

  it('InvokeModelWithResponseStream: the SDK parses the relayed event stream', async () => {
    const answer = await client.send(
      new InvokeModelWithResponseStreamCommand({ modelId: 'claude', body: claudeBody('Hello stream') }),
    );
    const events: { type: string; delta?: { text?: string } }[] = [];
    let metrics: { inputTokenCount?: number; outputTokenCount?: number } | undefined;
    for await (const event of answer.body ?? []) {
      const json = JSON.parse(decoder.decode(event.chunk?.bytes)) as Record<string, unknown>;
      events.push(json as (typeof events)[number]);
      metrics ??= json['amazon-bedrock-invocationMetrics'] as typeof metrics;
    }
    expect(events[0]?.type).toBe('message_start');
    expect(events.at(-1)?.type).toBe('message_stop');
    const text = events.map((event) => event.delta?.text ?? '').join('');
    expect(text).toContain('Hello stream');
    expect(metrics?.outputTokenCount).toBeGreaterThan(0);
    expect(lastUpstream()?.path).toMatch(/\/invoke-with-response-stream$/);
  });

  it('Converse and ConverseStream', async () => {
    const answer = await client.send(new ConverseCommand(converseInput('claude', 'Hello converse')));
    expect(answer.output?.message?.content?.[0]?.text).toContain('Hello converse');
    expect(answer.usage?.outputTokens).toBeGreaterThan(0);

    const stream = await client.send(
      new ConverseStreamCommand(converseInput('claude', 'Hello converse stream')),
    );
    let text = '';
    let outputTokens = 0;
    let stopReason: string | undefined;
    for await (const event of stream.stream ?? []) {
      text += event.contentBlockDelta?.delta?.text ?? '';
      stopReason ??= event.messageStop?.stopReason;
      outputTokens = event.metadata?.usage?.outputTokens ?? outputTokens;
    }
    expect(text).toContain('Hello converse stream');
    expect(stopReason).toBe('end_turn');
    expect(outputTokens).toBeGreaterThan(0);
    expect(lastUpstream()?.path).toMatch(/\/converse-stream$/);
  });

  it('CountTokens, sent to the foundation model of the definition inference profile', async () => {
    const answer = await client.send(
      new CountTokensCommand({
        modelId: 'claude',
        input: {
          converse: { messages: [{ role: 'user', content: [{ text: 'count these tokens please' }] }] },
        },
      }),
    );
    expect(answer.inputTokens).toBeGreaterThan(0);
    expect(lastUpstream()?.path).toBe(
      `/model/${encodeURIComponent('anthropic.claude-sonnet-4-5-20250929-v1:0')}/count-tokens`,
    );
  });

  it('records usage for the caller key and model, read from the answers and the frames', async () => {
    const before = await totals();
    await client.send(new InvokeModelCommand({ modelId: 'claude', body: claudeBody('usage one') }));
    const stream = await client.send(new ConverseStreamCommand(converseInput('claude', 'usage two')));
    for await (const _event of stream.stream ?? []) {
      // drain
    }
    const after = await totals();
    expect(after.requests - before.requests).toBe(2);
    expect(after.input_tokens - before.input_tokens).toBeGreaterThan(0);
    expect(after.output_tokens - before.output_tokens).toBeGreaterThan(0);
  });

  it('passes x-amzn-bedrock-* options upstream, never the caller authorization', async () => {
    await client.send(
      new InvokeModelCommand({
        modelId: 'claude',
        body: claudeBody('guarded'),
        guardrailIdentifier: 'gr-123',
        guardrailVersion: '2',
        trace: 'ENABLED',
      }),
    );
    const seen = lastUpstream();
    expect(seen?.headers['x-amzn-bedrock-guardrailidentifier']).toBe('gr-123');
    expect(seen?.headers['x-amzn-bedrock-guardrailversion']).toBe('2');
    expect(seen?.headers['x-amzn-bedrock-trace']).toBe('ENABLED');
    expect(seen?.signatureVerified).toBe(true);
    expect(JSON.stringify(seen?.headers)).not.toContain('Bearer');
  });
});

describe('errors in AWS shape, as the SDK raises them', () => {
  it('a key not allowed the model gets AccessDeniedException', async () => {
    const restricted = bedrockClient(
      (await createKey({ name: 'only-titan', allowed_models: ['titan'] })).key,
    );
    const error = await restricted
      .send(new InvokeModelCommand({ modelId: 'claude', body: claudeBody('no') }))
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('AccessDeniedException');
    expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(403);
    expect(gateway.emulator.requests).toHaveLength(0);
  });

  it('a key over its own rate limit gets ThrottlingException (429) with retry-after', async () => {
    const limited = bedrockClient((await createKey({ name: 'one-a-minute', limits: { rpm: 1 } })).key);
    await limited.send(new InvokeModelCommand({ modelId: 'claude', body: claudeBody('first') }));
    const error = await limited
      .send(new InvokeModelCommand({ modelId: 'claude', body: claudeBody('second') }))
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('ThrottlingException');
    const metadata = (error as { $metadata: { httpStatusCode: number } }).$metadata;
    expect(metadata.httpStatusCode).toBe(429);
    expect(gateway.emulator.requests.filter((request) => request.face === 'bedrock')).toHaveLength(1);
  });

  it('a non-Bedrock definition gets ValidationException', async () => {
    const error = await client
      .send(new ConverseCommand(converseInput('gpt', 'hi')))
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('ValidationException');
    expect((error as Error).message).toMatch(/not a Bedrock model/);
  });

  it('an unknown model gets ResourceNotFoundException', async () => {
    const error = await client
      .send(new ConverseCommand(converseInput('nope.model-v1:0', 'hi')))
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('ResourceNotFoundException');
  });

  it('a SigV4-signed request gets UnrecognizedClientException with a hint', async () => {
    const signed = new BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: `${gateway.url}/api/gateway/bedrock`,
      credentials: {
        accessKeyId: STATIC_CREDENTIALS.accessKeyId,
        secretAccessKey: STATIC_CREDENTIALS.secretAccessKey,
      },
      requestHandler: new NodeHttpHandler(),
      maxAttempts: 1,
    });
    const error = await signed
      .send(new ConverseCommand(converseInput('claude', 'hi')))
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('UnrecognizedClientException');
    expect((error as Error).message).toMatch(/AWS_BEARER_TOKEN_BEDROCK/);
  });

  it('upstream throttling, after the gateway retries, is a ThrottlingException (429)', async () => {
    gateway.emulator.setScenario(PROFILE, 'throttle', { times: 10 });
    const error = await client
      .send(new InvokeModelCommand({ modelId: 'claude', body: claudeBody('throttled') }))
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('ThrottlingException');
    expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(429);
  });

  it('an upstream ValidationException keeps its name and message', async () => {
    const error = await client
      .send(new InvokeModelCommand({ modelId: 'titan', body: JSON.stringify({ inputText: 42 }) }))
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('ValidationException');
    expect((error as Error).message).toContain('#/inputText: expected type: String');
  });

  it('a mid-stream exception frame reaches the SDK as that exception, not a normal end', async () => {
    gateway.emulator.setScenario(PROFILE, 'midstream-exception', { afterFrames: 2 });
    const stream = await client.send(new ConverseStreamCommand(converseInput('claude', 'will fail')));
    const events: unknown[] = [];
    const error = await (async () => {
      for await (const event of stream.stream ?? []) events.push(event);
    })().catch((caught: unknown) => caught);
    expect(events.length).toBeGreaterThan(0);
    expect((error as Error).name).toBe('ModelStreamErrorException');
  });

  it('a frame that fails its checksum becomes an exception frame the SDK raises', async () => {
    gateway.emulator.setScenario(PROFILE, 'bad-crc', { afterFrames: 2 });
    const stream = await client.send(new ConverseStreamCommand(converseInput('claude', 'corrupt')));
    const error = await (async () => {
      for await (const _event of stream.stream ?? []) {
        // drain
      }
    })().catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('InternalServerException');
  });

  it('an unknown action is UnknownOperationException', async () => {
    const response = await fetch(`${gateway.url}/api/gateway/bedrock/model/claude/explode`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.callerKey}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });
});

async function totals() {
  await gateway.runtime.usage.flush();
  const rows = await usageTotals(gateway.runtime.database, {
    from: new Date(Date.now() - 60_000),
    to: new Date(Date.now() + 60_000),
    groupBy: 'key',
  });
  const row = rows.find((candidate) => candidate.group === keyId);
  return {
    requests: row?.requests ?? 0,
    input_tokens: row?.input_tokens ?? 0,
    output_tokens: row?.output_tokens ?? 0,
  };
}
