import { describe, expect, it } from 'vitest';
import {
  type ApiAdapter,
  type CustomLlmDefinition,
  CustomLlmDefinitionSchema,
} from '../../definition/custom-llm-definition-schema';
import { memoizeCredentialProvider } from './bedrock-credentials';
import { createBedrockProvider } from './bedrock-provider';
import { finalizeBedrockBody } from './finalize-bedrock-body';

const bedrockProvider = createBedrockProvider({
  defaultCredentials: memoizeCredentialProvider(async () => {
    throw new Error('the default chain must not be used in this test');
  }),
});

const definition = CustomLlmDefinitionSchema.parse({
  internal_id: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  aws_bedrock: { region: 'us-west-2', api_key: 'key' },
});

const withAdapter = (apiAdapter: ApiAdapter): CustomLlmDefinition => ({
  ...definition,
  openclaw_settings: { api_adapter: apiAdapter },
});

function finalize(body: Record<string, unknown>, apiAdapter: ApiAdapter, callerHeaders: HeadersInit = {}) {
  return bedrockProvider.finalizeBody(body, {
    definition: withAdapter(apiAdapter),
    operation: 'chat',
    stream: true,
    callerHeaders: new Headers(callerHeaders),
  });
}

describe('bedrockProvider', () => {
  it('is the bedrock provider with a signer', () => {
    expect(bedrockProvider.id).toBe('bedrock');
    expect(bedrockProvider.authorize).toBeTypeOf('function');
  });

  it('builds the operation URL from the adapter and stream flag', () => {
    const base =
      'https://bedrock-runtime.us-west-2.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0';
    expect(
      bedrockProvider.url({
        definition: withAdapter('anthropic-messages'),
        operation: 'chat',
        stream: false,
      }),
    ).toBe(`${base}/invoke`);
    expect(
      bedrockProvider.url({ definition: withAdapter('anthropic-messages'), operation: 'chat', stream: true }),
    ).toBe(`${base}/invoke-with-response-stream`);
    expect(
      bedrockProvider.url({ definition: withAdapter('bedrock-converse'), operation: 'chat', stream: false }),
    ).toBe(`${base}/converse`);
    expect(
      bedrockProvider.url({ definition: withAdapter('bedrock-converse'), operation: 'chat', stream: true }),
    ).toBe(`${base}/converse-stream`);
  });
});

describe('bedrockProvider.finalizeBody', () => {
  it('anthropic-messages: adds anthropic_version, drops model and stream, never mutates its input', () => {
    const input = { model: 'claude-sonnet-4-5', stream: true, max_tokens: 16, messages: [] };
    const body = finalize(input, 'anthropic-messages');
    expect(body).toEqual({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 16, messages: [] });
    expect(input).toEqual({ model: 'claude-sonnet-4-5', stream: true, max_tokens: 16, messages: [] });
  });

  it('keeps an anthropic_version the body already has (extra_body may set one)', () => {
    expect(
      finalize({ anthropic_version: 'bedrock-2099-01-01' }, 'anthropic-messages').anthropic_version,
    ).toBe('bedrock-2099-01-01');
  });

  it('moves the anthropic-beta header into anthropic_beta, merged with the body', () => {
    const body = finalize({ anthropic_beta: ['token-efficient-tools-2025-02-19'] }, 'anthropic-messages', {
      'anthropic-beta':
        'context-1m-2025-08-07, token-efficient-tools-2025-02-19,interleaved-thinking-2025-05-14',
    });
    // token-efficient-tools is Claude 3.7 Sonnet's: left out for Sonnet 4.5 (per-model rules).
    expect(body.anthropic_beta).toEqual(['context-1m-2025-08-07', 'interleaved-thinking-2025-05-14']);
    expect(finalize({}, 'anthropic-messages')).not.toHaveProperty('anthropic_beta');
  });

  it('leaves out betas and top-level fields Bedrock refuses, and says which', () => {
    const dropped: unknown[] = [];
    const body = finalizeBedrockBody(
      {
        max_tokens: 16,
        messages: [],
        mcp_servers: [],
        service_tier: 'auto',
        output_config: { effort: 'high' },
      },
      {
        apiAdapter: 'anthropic-messages',
        callerHeaders: new Headers({
          'anthropic-beta': 'claude-code-20250219,context-1m-2025-08-07,oauth-2025-04-20',
        }),
        onDropped: (what) => dropped.push(what),
      },
    );
    expect(body).toEqual({
      anthropic_version: 'bedrock-2023-05-31',
      anthropic_beta: ['context-1m-2025-08-07'],
      max_tokens: 16,
      messages: [],
      output_config: { effort: 'high' },
    });
    expect(dropped).toEqual([
      {
        fields: ['mcp_servers', 'service_tier'],
        betas: ['claude-code-20250219', 'oauth-2025-04-20'],
        mapped: [],
      },
    ]);
  });

  it('bedrock-converse: drops model, stream and modelId, adds nothing', () => {
    const body = finalize(
      { model: 'x', stream: true, modelId: 'y', messages: [], inferenceConfig: { maxTokens: 16 } },
      'bedrock-converse',
      { 'anthropic-beta': 'context-1m-2025-08-07' },
    );
    expect(body).toEqual({ messages: [], inferenceConfig: { maxTokens: 16 } });
  });
});
