import { describe, expect, it } from 'vitest';
import type { CallerPassthrough } from '../definition/caller-passthrough-schema';
import {
  type CustomLlmDefinition,
  CustomLlmDefinitionSchema,
} from '../definition/custom-llm-definition-schema';
import { resolveTargets } from '../definition/definition-targets';
import { validateDefinition } from '../definition/validate-definition';
import { anthropicProvider } from './anthropic/anthropic-provider';
import { memoizeCredentialProvider } from './bedrock/bedrock-credentials';
import { createBedrockProvider } from './bedrock/bedrock-provider';
import { callerPassthroughFilter, type PassthroughDropped } from './caller-passthrough';
import { openAiCompatibleProvider } from './openai/openai-compatible-provider';
import type { Provider } from './types';
import { buildUpstreamRequest } from './upstream-request';

/** What Claude Code 2.1 sends, plus betas that reach beyond the model. */
const CLAUDE_CODE_BETAS = [
  'claude-code-20250219',
  'interleaved-thinking-2025-05-14',
  'context-management-2025-06-27',
  'advanced-tool-use-2025-11-20',
  'effort-2025-11-24',
];
const REACHING_BETAS = ['mcp-client-2025-11-20', 'files-api-2025-04-14', 'code-execution-2025-08-25'];

const callerBody = {
  model: 'claude',
  max_tokens: 100,
  messages: [{ role: 'user', content: 'hi' }],
  metadata: { user_id: 'u1' },
  mcp_servers: [{ type: 'url', url: 'https://mcp.attacker.example/sse', name: 'x' }],
  container: 'container_someone_elses',
  service_tier: 'auto',
  context_management: { edits: [] },
  some_future_field: { on: true },
};

function filterOnce(
  policy: CallerPassthrough | undefined,
  headers: HeadersInit,
  body: Record<string, unknown>,
  operation = 'chat',
) {
  const filter = callerPassthroughFilter(policy);
  const dropped: PassthroughDropped = { betas: [], fields: [] };
  const filteredHeaders = filter.headers(new Headers(headers), dropped);
  const filteredBody = filter.body(body, dropped, operation);
  return { headers: filteredHeaders, body: filteredBody, dropped };
}

const betaHeader = { 'anthropic-beta': [...CLAUDE_CODE_BETAS, ...REACHING_BETAS].join(', ') };

describe('caller_passthrough defaults', () => {
  it('drops the default-denied betas and fields; everything else (Claude Code, new fields) passes', () => {
    const { headers, body, dropped } = filterOnce(undefined, betaHeader, callerBody);
    expect(headers.get('anthropic-beta')).toBe(CLAUDE_CODE_BETAS.join(','));
    expect(Object.keys(body).sort()).toEqual(
      ['context_management', 'max_tokens', 'messages', 'metadata', 'model', 'some_future_field'].sort(),
    );
    expect(dropped).toEqual({
      betas: REACHING_BETAS,
      fields: ['mcp_servers', 'container', 'service_tier'],
    });
  });

  it('leaves a clean request untouched (the same objects)', () => {
    const headers = new Headers({ 'anthropic-beta': CLAUDE_CODE_BETAS.join(',') });
    const body = { model: 'm', messages: [] };
    const filter = callerPassthroughFilter(undefined);
    const dropped: PassthroughDropped = { betas: [], fields: [] };
    expect(filter.headers(headers, dropped)).toBe(headers);
    expect(filter.body(body, dropped, 'chat')).toBe(body);
    expect(dropped).toEqual({ betas: [], fields: [] });
  });

  it('filters openai-beta and OpenAI same-format fields (store, service_tier, OpenRouter models)', () => {
    const { headers, body } = filterOnce(
      undefined,
      { 'openai-beta': 'assistants=v2, MCP-Client-2025-04-04' },
      { model: 'gpt', messages: [], store: true, service_tier: 'priority', models: ['x/y'], user: 'u' },
    );
    expect(headers.get('openai-beta')).toBe('assistants=v2');
    expect(body).toEqual({ model: 'gpt', messages: [], user: 'u' });
  });

  it('removes a beta header whose every value is denied, and filters a body anthropic_beta', () => {
    const { headers, body } = filterOnce(
      undefined,
      { 'anthropic-beta': 'files-api-2025-04-14' },
      { messages: [], anthropic_beta: ['mcp-client-2025-04-04', 'context-1m-2025-08-07'] },
    );
    expect(headers.has('anthropic-beta')).toBe(false);
    expect(body.anthropic_beta).toEqual(['context-1m-2025-08-07']);
    expect(filterOnce(undefined, {}, { anthropic_beta: 'skills-2025-10-02' }).body).toEqual({});
  });
});

describe('caller_passthrough outside chat bodies', () => {
  it('the default field list is for chat and count_tokens; explicit lists and beta defaults apply everywhere', () => {
    const body = { input: 'x', store: false, service_tier: 'default' };
    for (const operation of ['native', 'embeddings', 'responses']) {
      const { headers, body: sent } = filterOnce(undefined, betaHeader, body, operation);
      expect(sent).toBe(body);
      expect(headers.get('anthropic-beta')).toBe(CLAUDE_CODE_BETAS.join(','));
      expect(filterOnce({ fields: { deny: ['store'] } }, {}, body, operation).body).toEqual({
        input: 'x',
        service_tier: 'default',
      });
    }
    expect(filterOnce(undefined, {}, body, 'count_tokens').body).toEqual({ input: 'x' });
  });
});

describe('caller_passthrough lists', () => {
  it('deny replaces the defaults ([] forwards everything)', () => {
    const open = filterOnce({ betas: { deny: [] }, fields: { deny: [] } }, betaHeader, callerBody);
    expect(open.body).toEqual(callerBody);
    expect(open.headers.get('anthropic-beta')).toBe(betaHeader['anthropic-beta']);

    const own = filterOnce({ fields: { deny: ['some_future_*', 'metadata'] } }, {}, callerBody);
    expect(own.dropped.fields).toEqual(['metadata', 'some_future_field']);
    expect(own.body.mcp_servers).toEqual(callerBody.mcp_servers);
  });

  it('allow alone is the whole policy: only what it matches passes', () => {
    const { headers, body } = filterOnce(
      {
        betas: { allow: ['interleaved-thinking-*', 'MCP-CLIENT-2025-11-20'] },
        fields: { allow: ['model', 'max_tokens', 'messages', 'mcp_servers'] },
      },
      betaHeader,
      callerBody,
    );
    expect(headers.get('anthropic-beta')).toBe('interleaved-thinking-2025-05-14,mcp-client-2025-11-20');
    expect(Object.keys(body)).toEqual(['model', 'max_tokens', 'messages', 'mcp_servers']);
  });

  it('with both lists, deny wins over allow', () => {
    const { headers } = filterOnce(
      { betas: { allow: ['*'], deny: ['code-execution-*'] } },
      betaHeader,
      callerBody,
    );
    expect(headers.get('anthropic-beta')?.split(',')).toEqual([
      ...CLAUDE_CODE_BETAS,
      'mcp-client-2025-11-20',
      'files-api-2025-04-14',
    ]);
  });
});

describe('caller_passthrough in the definition schema', () => {
  it('is strict and names the offending path', () => {
    const base = { internal_id: 'm', base_url: 'https://api.example.com/v1' };
    const unknownKey = validateDefinition({ ...base, caller_passthrough: { betas: { block: ['x'] } } });
    expect(unknownKey).toEqual({
      success: false,
      issues: [{ path: 'caller_passthrough.betas.block', message: 'is not a known field' }],
    });
    const badEntry = validateDefinition({ ...base, caller_passthrough: { fields: { deny: ['a*b'] } } });
    expect(badEntry).toEqual({
      success: false,
      issues: [
        {
          path: 'caller_passthrough.fields.deny[0]',
          message: 'must be a field name, or a prefix ending in "*"',
        },
      ],
    });
    expect(validateDefinition({ ...base, caller_passthrough: { fields: { deny: [] } } }).success).toBe(true);
  });

  it('a target’s own caller_passthrough replaces the top level’s', () => {
    const definition = CustomLlmDefinitionSchema.parse({
      internal_id: 'claude-sonnet-4-5',
      base_url: 'https://api.anthropic.com',
      openclaw_settings: { api_adapter: 'anthropic-messages' },
      caller_passthrough: { fields: { deny: [] } },
      targets: [
        { name: 'open' },
        { name: 'locked', caller_passthrough: { fields: { deny: ['mcp_servers'] } } },
      ],
    });
    const [open, locked] = resolveTargets(definition);
    const sent = (target: typeof open) =>
      JSON.parse(build(anthropicProvider, target?.definition as CustomLlmDefinition, {}).body ?? '{}');
    expect(sent(open).container).toBe('container_someone_elses');
    expect(sent(locked).container).toBe('container_someone_elses');
    expect(sent(locked).mcp_servers).toBeUndefined();
  });
});

function build(
  provider: Provider,
  definition: CustomLlmDefinition,
  headers: HeadersInit,
  onDropped?: (d: PassthroughDropped) => void,
) {
  return buildUpstreamRequest({
    provider,
    context: { definition, operation: 'chat', stream: false, callerHeaders: new Headers(headers) },
    body: callerBody,
    ...(onDropped ? { onPassthroughDropped: onDropped } : {}),
  });
}

describe('buildUpstreamRequest applies caller_passthrough before the provider and the definition', () => {
  const anthropicDefinition = CustomLlmDefinitionSchema.parse({
    internal_id: 'claude-sonnet-4-5',
    base_url: 'https://api.anthropic.com',
    openclaw_settings: { api_adapter: 'anthropic-messages' },
    extra_body: { service_tier: 'standard_only' },
  });

  it('the Anthropic API gets neither the denied betas nor the fields; extra_body still applies', () => {
    const reports: PassthroughDropped[] = [];
    const request = build(anthropicProvider, anthropicDefinition, betaHeader, (d) => reports.push(d));
    expect(request.headers['anthropic-beta']).toBe(CLAUDE_CODE_BETAS.join(','));
    const body = JSON.parse(request.body ?? '{}');
    expect(body.mcp_servers).toBeUndefined();
    expect(body.container).toBeUndefined();
    // The admin's own choice is not the caller's: extra_body is applied after the policy.
    expect(body.service_tier).toBe('standard_only');
    expect(body.some_future_field).toEqual({ on: true });
    expect(reports).toEqual([
      { betas: REACHING_BETAS, fields: ['mcp_servers', 'container', 'service_tier'] },
    ]);
  });

  it('an OpenAI-compatible upstream does not get store', () => {
    const definition = CustomLlmDefinitionSchema.parse({
      internal_id: 'gpt',
      base_url: 'https://api.openai.com/v1',
    });
    const request = buildUpstreamRequest({
      provider: openAiCompatibleProvider,
      context: { definition, operation: 'chat', stream: false, callerHeaders: new Headers() },
      body: { model: 'gpt', messages: [], store: true, metadata: { a: 'b' } },
    });
    expect(JSON.parse(request.body ?? '{}')).toEqual({ model: 'gpt', messages: [], metadata: { a: 'b' } });
  });

  it('Bedrock’s accepted-betas filter still applies after an allowing policy', () => {
    const bedrock = createBedrockProvider({
      defaultCredentials: memoizeCredentialProvider(async () => {
        throw new Error('not used');
      }),
    });
    const definition = CustomLlmDefinitionSchema.parse({
      internal_id: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      aws_bedrock: { region: 'us-east-1', api_key: 'key' },
      caller_passthrough: { betas: { deny: [] }, fields: { deny: [] } },
    });
    const body = JSON.parse(build(bedrock, definition, betaHeader).body ?? '{}');
    expect(body.anthropic_beta).toEqual([
      'interleaved-thinking-2025-05-14',
      'context-management-2025-06-27',
      'tool-search-tool-2025-10-19',
    ]);
    expect(body.mcp_servers).toBeUndefined();
    // With the defaults, the policy drops the reaching betas before Bedrock even sees them.
    const reports: PassthroughDropped[] = [];
    const defaults = { ...definition, caller_passthrough: undefined };
    build(bedrock, defaults, betaHeader, (d) => reports.push(d));
    expect(reports[0]?.betas).toEqual(REACHING_BETAS);
  });
});
