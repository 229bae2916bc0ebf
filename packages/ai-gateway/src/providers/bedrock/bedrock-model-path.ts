import type { ApiAdapter } from '../../definition/custom-llm-definition-schema';

/** Bedrock Runtime operations, by their URI suffix (botocore bedrock-runtime service-2.json `requestUri`). */
export type BedrockAction =
  | 'invoke'
  | 'invoke-with-response-stream'
  | 'converse'
  | 'converse-stream'
  | 'count-tokens';
/** Every action a URL can name (kept as a name for the native route's code). */
export type BedrockPathAction = BedrockAction;

/**
 * `/model/{modelId}/{action}` with the model id percent-encoded exactly once, as AWS SDKs send it
 * (`:` -> `%3A`, `/` -> `%2F`). SigV4 then signs this wire path, double-encoding it in the canonical
 * URI. Encoding twice here, or not at all, would give a path Bedrock does not resolve.
 */
export function bedrockModelPath(internalId: string, action: BedrockPathAction): string {
  return `/model/${encodeModelId(internalId)}/${action}`;
}

/**
 * `encodeURIComponent` plus `!'()*`, so only `A-Z a-z 0-9 - . _ ~` stay raw: the RFC 3986 set that
 * botocore (`percent_encode`) and smithy (`extendedEncodeURIComponent`) use for URI labels.
 */
function encodeModelId(internalId: string): string {
  return encodeURIComponent(internalId).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The operation for an upstream wire format and the client's `stream` flag. */
export function bedrockAction(apiAdapter: ApiAdapter, stream: boolean): BedrockAction {
  switch (apiAdapter) {
    case 'anthropic-messages':
      return stream ? 'invoke-with-response-stream' : 'invoke';
    case 'bedrock-converse':
      return stream ? 'converse-stream' : 'converse';
    default:
      throw new Error(`Bedrock has no operation for the "${apiAdapter}" wire format`);
  }
}

/** Streaming operations answer with `application/vnd.amazon.eventstream` frames. */
export function isBedrockStreamingAction(action: BedrockPathAction): boolean {
  return action === 'invoke-with-response-stream' || action === 'converse-stream';
}
