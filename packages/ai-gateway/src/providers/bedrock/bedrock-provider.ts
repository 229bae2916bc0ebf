import { apiAdapterOf, type CustomLlmDefinition } from '../../definition/custom-llm-definition-schema';
import type { GatewayLogger } from '../../gateway-deps';
import { modelCapabilities } from '../../models/model-capabilities';
import { applyDefinitionTransforms } from '../../pipeline/apply-definition-transforms';
import type { AnthropicMessage } from '../../translate/anthropic-types';
import type { ConverseResponse } from '../../translate/converse-types';
import { convertAnthropicRequestToConverse } from '../../translate/convert-anthropic-request-to-converse';
import { convertConverseResponseToAnthropic } from '../../translate/convert-converse-response-to-anthropic';
import { parseUpstreamAnswer } from '../../upstream-answers/parse-upstream-answer';
import { ConverseAnswerSchema } from '../../upstream-answers/upstream-answer-schemas';
import { decodeAnthropicMessage } from '../anthropic/decode-anthropic-message';
import type { ChatWireFormat, DecodeContext, Provider } from '../types';
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
  logger?: GatewayLogger | undefined;
};

/**
 * AWS Bedrock Runtime: Claude through `invoke` / `invoke-with-response-stream` (Anthropic Messages
 * bodies) or any model through `converse` / `converse-stream`, signed with SigV4 or a Bedrock API
 * key. One instance per gateway: it owns its signer cache.
 */
export function createBedrockProvider(options: BedrockProviderOptions): Provider {
  const sign = createBedrockSigner({ defaultCredentials: options.defaultCredentials });
  const isConverse = (definition: CustomLlmDefinition) => apiAdapterOf(definition) === 'bedrock-converse';
  return {
    id: 'bedrock',
    ownedBy: 'aws-bedrock',
    hostPolicy: 'aws-bedrock',
    // Claude on Bedrock takes `anthropic-beta` in the body (finalizeBedrockBody), never as a header.
    forwardedCallerHeaders: [],
    chatFormat: (definition): ChatWireFormat =>
      isConverse(definition) ? 'bedrock-converse' : 'anthropic-messages',
    capabilities: modelCapabilities,
    encodeChatRequest: (request, definition) =>
      isConverse(definition)
        ? (convertAnthropicRequestToConverse(request) as Record<string, unknown>)
        : (request as Record<string, unknown>),
    url: (context) => bedrockRequestUrl(context).url,
    finalizeBody: (body, context) => {
      const onDropped = (dropped: { fields: string[]; betas: string[] }) =>
        options.logger?.debug?.(
          { model: context.definition.internal_id, ...dropped },
          'fields and betas Bedrock does not accept were left out',
        );
      // Embedding bodies are the model's own (bedrock-embeddings.ts); native ones the caller's.
      if (context.operation === 'embeddings') return applyDefinitionTransforms(body, context.definition);
      if (context.operation === 'native') return finalizeBedrockNativeBody(body, context, onDropped);
      return finalizeBedrockBody(applyDefinitionTransforms(body, context.definition), {
        apiAdapter: apiAdapterOf(context.definition),
        callerHeaders: context.callerHeaders,
        onDropped,
      });
    },
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
}

function decodeConverse(json: unknown, context: DecodeContext): AnthropicMessage {
  const answer = parseUpstreamAnswer(ConverseAnswerSchema, json, context.label);
  return convertConverseResponseToAnthropic(answer as unknown as ConverseResponse, {
    model: context.model,
    id: context.messageId,
  });
}
