import { applyDefinitionTransforms } from '../../pipeline/apply-definition-transforms';
import type { FinalizeBodyContext, NativeSupport } from '../types';
import { baseModelId } from './bedrock-model-catalog';
import { relayBedrockEventStream } from './bedrock-native-stream';
import { nativeUsageOfAnswer } from './bedrock-native-usage';
import { finalizeBedrockBody } from './finalize-bedrock-body';

/**
 * Caller headers Bedrock Runtime takes as request options: guardrail id and version, trace,
 * performance config, service tier (botocore bedrock-runtime service-2.json, `location: header`).
 * Everything else the caller sent (its `authorization` above all) stays behind.
 */
const OPTION_HEADER_PREFIX = 'x-amzn-bedrock-';
/** Response headers a Bedrock client reads (`$metadata.requestId`, token counts, latency). */
const RESPONSE_HEADERS = ['content-type', 'x-amzn-requestid'];

/**
 * The Bedrock-native route: the caller's body is already Bedrock's, so it goes up as it came,
 * with the definition's `remove_from_body` / `extra_body` and Bedrock's own body rules, to the
 * definition's model id, signed with the definition's credentials (the signer builds the URL from
 * the action: bedrock-signer.ts).
 */
export const bedrockNativeSupport: NativeSupport = {
  callerHeaders(callerHeaders) {
    const result: Record<string, string> = {};
    for (const [name, value] of callerHeaders) {
      if (name.toLowerCase().startsWith(OPTION_HEADER_PREFIX)) result[name.toLowerCase()] = value;
    }
    return result;
  },
  responseHeaders(upstreamHeaders) {
    const result = new Headers();
    for (const [name, value] of upstreamHeaders) {
      const lowerName = name.toLowerCase();
      if (RESPONSE_HEADERS.includes(lowerName) || lowerName.startsWith(OPTION_HEADER_PREFIX)) {
        result.set(lowerName, value);
      }
    }
    return result;
  },
  usageOfAnswer: nativeUsageOfAnswer,
  relayStream: relayBedrockEventStream,
};

/** The body rules of one native action (see `bedrockNativeSupport`). */
export function finalizeBedrockNativeBody(
  body: Record<string, unknown>,
  context: FinalizeBodyContext,
  onDropped?: (dropped: { fields: string[]; betas: string[] }) => void,
): Record<string, unknown> {
  const { action, definition, callerHeaders } = context;
  // CountTokens wraps a whole request (`input.invokeModel.body` / `input.converse`): no body rule fits it.
  if (action === 'count-tokens') return body;
  const transformed = applyDefinitionTransforms(body, definition);
  if (action === 'converse' || action === 'converse-stream') {
    return finalizeBedrockBody(transformed, { apiAdapter: 'bedrock-converse', callerHeaders });
  }
  // InvokeModel bodies are the model's own: Claude's invoke rules for Claude, nothing for the rest.
  const isClaude =
    typeof transformed.anthropic_version === 'string' ||
    baseModelId(definition.internal_id).startsWith('anthropic.');
  if (!isClaude) return transformed;
  return finalizeBedrockBody(transformed, {
    apiAdapter: 'anthropic-messages',
    callerHeaders,
    ...(onDropped ? { onDropped } : {}),
  });
}
