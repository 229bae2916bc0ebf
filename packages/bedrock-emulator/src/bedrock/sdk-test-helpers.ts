import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  ConverseStreamCommand,
  type ConverseStreamOutput,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { EMULATOR_DEFAULT_CREDENTIALS } from '../default-credentials';
import type { EmulatorHandle } from '../types';

// Shared by the SDK tests: the official AWS SDK signs the requests and decodes every response.
export const PROFILE_ID = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
export const [permanent, temporary] = EMULATOR_DEFAULT_CREDENTIALS;

export function sdkClient(
  emulator: EmulatorHandle,
  overrides: Partial<BedrockRuntimeClientConfig> = {},
): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: { accessKeyId: permanent!.accessKeyId, secretAccessKey: permanent!.secretAccessKey },
    maxAttempts: 1,
    ...overrides,
  });
}

export function anthropicBody(text: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    anthropic_version: 'bedrock-2023-05-31',
    max_tokens: 64,
    messages: [{ role: 'user', content: text }],
    ...extra,
  });
}

export const weatherTool = {
  toolSpec: {
    name: 'get_weather',
    description: 'Weather for a city',
    inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
  },
};

export async function invokeStreamEvents(
  emulator: EmulatorHandle,
  modelId: string,
  body: string,
): Promise<Record<string, unknown>[]> {
  const response = await sdkClient(emulator).send(
    new InvokeModelWithResponseStreamCommand({ modelId, body, contentType: 'application/json' }),
  );
  const events: Record<string, unknown>[] = [];
  for await (const part of response.body!) {
    if (part.chunk?.bytes) events.push(JSON.parse(Buffer.from(part.chunk.bytes).toString('utf8')));
  }
  return events;
}

export async function converseStreamEvents(
  emulator: EmulatorHandle,
  modelId: string,
): Promise<ConverseStreamOutput[]> {
  const response = await sdkClient(emulator).send(
    new ConverseStreamCommand({
      modelId,
      messages: [{ role: 'user', content: [{ text: 'Stream please' }] }],
    }),
  );
  const events: ConverseStreamOutput[] = [];
  for await (const event of response.stream!) events.push(event);
  return events;
}
