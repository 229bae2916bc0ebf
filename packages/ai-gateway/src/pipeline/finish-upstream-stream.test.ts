import { describe, expect, it } from 'vitest';
import type { CustomLlmDefinition } from '../definition/custom-llm-definition-schema';
import { GatewayError } from '../errors/gateway-error';
import { memoizeCredentialProvider } from '../providers/bedrock/bedrock-credentials';
import { createProviderRegistry } from '../providers/get-provider';
import { finishUpstreamStream } from './finish-upstream-stream';
import type { StreamPart } from './stream-part';

const providers = createProviderRegistry({
  awsDefaultCredentials: memoizeCredentialProvider(async () => {
    throw new Error('not used');
  }),
});

const bedrock = { region: 'us-east-1', use_default_credentials: true } as const;
const definitions: Record<string, CustomLlmDefinition> = {
  'bedrock-invoke': { internal_id: 'anthropic.claude-3-haiku-20240307-v1:0', aws_bedrock: bedrock },
  'bedrock-converse': {
    internal_id: 'amazon.nova-pro-v1:0',
    aws_bedrock: bedrock,
    openclaw_settings: { api_adapter: 'bedrock-converse' },
  },
  'anthropic-sse': {
    internal_id: 'claude-sonnet-4-5',
    base_url: 'https://api.anthropic.com',
    openclaw_settings: { api_adapter: 'anthropic-messages' },
  },
  'openai-sse': { internal_id: 'gpt', base_url: 'https://api.example.com/v1' },
};

async function collect(definition: CustomLlmDefinition, failure: GatewayError): Promise<StreamPart[]> {
  async function* body(): AsyncGenerator<Uint8Array> {
    yield new Uint8Array(0);
    throw failure;
  }
  const context = { label: 'model', headers: new Headers(), messageId: 'msg_1', model: 'model' };
  const decoded = providers.providerFor(definition).decodeChatStream(body(), definition, context);
  const parts: StreamPart[] = [];
  for await (const part of finishUpstreamStream(decoded, 'model')) parts.push(part);
  return parts;
}

describe('every upstream stream keeps the reason its body failed (one stream-failure rule)', () => {
  const idle = new GatewayError({
    code: 'upstream_timeout',
    status: 504,
    message: 'The upstream of "model" stopped sending data.',
  });

  it.each(Object.keys(definitions))(
    '%s: an idle timeout is reported as itself, not as a generic interruption',
    async (format) => {
      const parts = await collect(definitions[format] as CustomLlmDefinition, idle);
      expect(parts).toHaveLength(1);
      expect(parts[0]).toEqual({ type: 'error', error: idle });
    },
  );
});
