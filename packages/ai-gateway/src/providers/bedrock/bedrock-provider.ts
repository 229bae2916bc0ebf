import { apiAdapterOf, type CustomLlmDefinition } from '../../definition/custom-llm-definition-schema';
import type { GatewayLogger } from '../../gateway-deps';
import { claudeFamilyOf } from '../../models/claude-model-family';
import { mapThinking } from '../../models/map-thinking';
import { modelCapabilities } from '../../models/model-capabilities';
import { thinkingSignatureFamily } from '../../models/thinking-signature-family';
import { applyDefinitionTransforms } from '../../pipeline/apply-definition-transforms';
import type { AnthropicMessage, AnthropicMessagesRequest } from '../../translate/anthropic-types';
import type { ConverseResponse } from '../../translate/converse-types';
import { convertAnthropicRequestToConverse } from '../../translate/convert-anthropic-request-to-converse';
import { convertConverseResponseToAnthropic } from '../../translate/convert-converse-response-to-anthropic';
import { parseUpstreamAnswer } from '../../upstream-answers/parse-upstream-answer';
import { ConverseAnswerSchema } from '../../upstream-answers/upstream-answer-schemas';
import { decodeAnthropicMessage } from '../anthropic/decode-anthropic-message';
import type { ChatWireFormat, DecodeContext, FinalizeBodyContext, Provider } from '../types';
import { BEDROCK_TOOL_TYPE_PREFIXES } from './bedrock-anthropic-invoke-rules';
import { bedrockCountTokensBody, decodeBedrockCountTokens } from './bedrock-count-tokens';
import type { MemoizedCredentialProvider } from './bedrock-credentials';
import { bedrockEmbeddings } from './bedrock-embeddings';
import { bedrockNativeSupport, finalizeBedrockNativeBody } from './bedrock-native-passthrough';
import { bedrockRequestUrl, createBedrockSigner } from './bedrock-signer';
import { decodeBedrockChatStream } from './decode-bedrock-chat-stream';
import { finalizeBedrockBody } from './finalize-bedrock-body';
import { mapBedrockHttpError } from './map-bedrock-error';

export type BedrockProviderOptions = {
  /** The AWS default credential chain, memoized (injected: see GatewayDeps.aws). */
  defaultCredentials: MemoizedCredentialProvider;
  /** STS endpoint for `role_arn` (tests: the emulator's URL). */
  stsEndpoint?: string | undefined;
  assumeRoleRefreshMs?: number | undefined;
  logger?: GatewayLogger | undefined;
};

/**
 * AWS Bedrock Runtime: Claude through `invoke` / `invoke-with-response-stream` (Anthropic Messages
 * bodies) or any model through `converse` / `converse-stream`, signed with SigV4 or a Bedrock API
 * key. One instance per gateway: it owns its signer cache.
 */
export function createBedrockProvider(options: BedrockProviderOptions): Provider {
  const sign = createBedrockSigner({
    defaultCredentials: options.defaultCredentials,
    stsEndpoint: options.stsEndpoint,
    assumeRoleRefreshMs: options.assumeRoleRefreshMs,
  });
  const isConverse = (definition: CustomLlmDefinition) => apiAdapterOf(definition) === 'bedrock-converse';
  return {
    id: 'bedrock',
    ownedBy: 'aws-bedrock',
    hostPolicy: 'aws-bedrock',
    // Claude on Bedrock takes `anthropic-beta` in the body (finalizeBedrockBody), never as a header.
    forwardedCallerHeaders: [],
    region: (definition) => definition.aws_bedrock?.region,
    chatFormat: (definition): ChatWireFormat =>
      isConverse(definition) ? 'bedrock-converse' : 'anthropic-messages',
    capabilities: modelCapabilities,
    thinkingSignatureFamily: (definition) => thinkingSignatureFamily('bedrock', definition),
    encodeChatRequest: (request, definition) =>
      isConverse(definition)
        ? (convertAnthropicRequestToConverse(withThinkingFor(request, definition)) as Record<string, unknown>)
        : (request as Record<string, unknown>),
    url: (context) => bedrockRequestUrl(context).url,
    finalizeBody: (body, context) => {
      // Embedding bodies are the model's own (bedrock-embeddings.ts); native ones the caller's.
      if (context.operation === 'embeddings') return applyDefinitionTransforms(body, context.definition);
      if (context.operation === 'native') {
        return finalizeBedrockNativeBody(body, context, (dropped) =>
          options.logger?.debug?.(
            { model: context.definition.internal_id, ...dropped },
            'fields and betas Bedrock does not accept were left out',
          ),
        );
      }
      const chatBody = finalizeChatBody(body, context);
      if (context.operation !== 'count_tokens') return chatBody;
      return bedrockCountTokensBody(chatBody, isConverse(context.definition) ? 'converse' : 'invoke');
    },
    acceptsToolType: (type, definition) =>
      // Converse has no typed tools; Claude invoke runs the client tools (the caller executes them).
      !isConverse(definition) && BEDROCK_TOOL_TYPE_PREFIXES.some((prefix) => type.startsWith(prefix)),
    countTokens: { decode: decodeBedrockCountTokens },
    authorize: (request, context) => sign(request, context),
    mapHttpError: (status, headers, bodyText, { definition }) =>
      mapBedrockHttpError(status, headers, bodyText, {
        internalId: definition.internal_id,
        ...(definition.aws_bedrock ? { region: definition.aws_bedrock.region } : {}),
      }),
    decodeChatResponse: (json, definition, context) =>
      // Converse answers are translated; invoke answers are Claude's own Messages body.
      isConverse(definition) ? decodeConverse(json, context) : decodeAnthropicMessage(json, context),
    decodeChatStream: decodeBedrockChatStream,
    embeddings: bedrockEmbeddings,
    native: bedrockNativeSupport,
  };

  function finalizeChatBody(body: Record<string, unknown>, context: FinalizeBodyContext) {
    const { definition } = context;
    const family = claudeFamilyOf(definition.internal_id);
    const transformed = applyDefinitionTransforms(body, definition);
    // A count has no `max_tokens`, but the invoke body it wraps must have one (above any budget).
    if (context.operation === 'count_tokens' && transformed.max_tokens === undefined) {
      transformed.max_tokens = countMaxTokens(transformed.thinking);
    }
    return finalizeBedrockBody(transformed, {
      apiAdapter: apiAdapterOf(definition),
      callerHeaders: context.callerHeaders,
      model: family,
      thinking: modelCapabilities(definition).thinking,
      onDropped: (changes) =>
        options.logger?.debug?.(
          { model: definition.internal_id, ...changes },
          'fields and betas Bedrock does not accept were left out or mapped',
        ),
    });
  }
}

/** Converse carries `thinking` in additionalModelRequestFields: mapped for the model first. */
function withThinkingFor(
  request: AnthropicMessagesRequest,
  definition: CustomLlmDefinition,
): AnthropicMessagesRequest {
  if (request.thinking === undefined) return request;
  const thinking = mapThinking(request.thinking, {
    support: modelCapabilities(definition).thinking,
    effort: (request.output_config as { effort?: unknown } | undefined)?.effort,
    maxTokens: request.max_tokens,
  });
  const { thinking: _dropped, ...rest } = request;
  return thinking === undefined
    ? rest
    : { ...rest, thinking: thinking as AnthropicMessagesRequest['thinking'] };
}

function countMaxTokens(thinking: unknown): number {
  const budget = (thinking as { budget_tokens?: unknown } | undefined)?.budget_tokens;
  return typeof budget === 'number' ? budget + 4096 : 32000;
}

function decodeConverse(json: unknown, context: DecodeContext): AnthropicMessage {
  const answer = parseUpstreamAnswer(ConverseAnswerSchema, json, context.label);
  return convertConverseResponseToAnthropic(answer as unknown as ConverseResponse, {
    model: context.model,
    id: context.messageId,
  });
}
