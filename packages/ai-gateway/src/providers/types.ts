import type { CustomLlmDefinition } from '../definition/custom-llm-definition-schema';
import type { GatewayError } from '../errors/gateway-error';
import type { ModelCapabilities } from '../models/model-capabilities';
import type { StreamPart } from '../pipeline/stream-part';
import type { AnthropicMessage, AnthropicMessagesRequest } from '../translate/anthropic-types';

/**
 * An upstream HTTP request as the gateway builds it, before and after auth. Header names are
 * lower-case. `body` is the exact string that goes on the wire (SigV4 signs its hash).
 */
export type UpstreamHttpRequest = {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body: string | undefined;
};

/** The wire format an upstream's chat operation speaks (the caller's may differ: then we translate). */
export type ChatWireFormat = 'openai-chat' | 'anthropic-messages' | 'bedrock-converse';

/** The operations a provider can be asked for. */
export type UpstreamOperation = 'chat' | 'count_tokens';

/** For logs, metrics and badges only. Code outside `providers/` never branches on it. */
export type ProviderId = 'openai-compatible' | 'anthropic' | 'bedrock';

/** One upstream a request can go to: a provider bound to a definition (or one of its targets). */
export type Upstream = {
  /** The target's name (`default` for a definition without `targets`). */
  name: string;
  /** The definition's public id, for messages. */
  label: string;
  /** The top-level definition with the target's fields applied. */
  definition: CustomLlmDefinition;
  provider: Provider;
};

export type CallContext = {
  definition: CustomLlmDefinition;
  operation: UpstreamOperation;
  /** The client's `stream` flag, captured before any body transform could remove it. */
  stream: boolean;
};

export type FinalizeBodyContext = CallContext & {
  /** The caller's request headers (read-only), e.g. for `anthropic-beta`. */
  callerHeaders: Headers;
};

export type AuthorizeContext = CallContext & {
  /** Injected clock; SigV4 dates come from here so tests are deterministic. */
  now: () => Date;
};

export type ErrorContext = CallContext & { label: string };

export type DecodeContext = {
  label: string;
  /** The upstream's response headers (Bedrock reports token counts there too). */
  headers: Headers;
  /** Ids for answers the gateway builds itself (translated formats). */
  messageId: string;
  model: string;
};

/**
 * Every rule of one kind of upstream (DESIGN.md "Layout"): operation URLs, body finalization,
 * header rules, auth, error mapping, response and stream decoding into the pivot, capabilities.
 * The shared call (`pipeline/call-upstream.ts`) asks; nothing outside `providers/` branches on
 * which provider it holds.
 */
export type Provider = {
  readonly id: ProviderId;
  /** `owned_by` in `/v1/models`. */
  readonly ownedBy: string;
  /** Which upstream hosts the SSRF policy allows: any public host, or only AWS Bedrock endpoints. */
  readonly hostPolicy: 'any' | 'aws-bedrock';
  /** Caller headers this upstream takes as headers (everything else the caller sent is dropped). */
  readonly forwardedCallerHeaders: readonly string[];
  chatFormat(definition: CustomLlmDefinition): ChatWireFormat;
  capabilities(definition: CustomLlmDefinition): ModelCapabilities;
  /** A pivot (Anthropic Messages) request in the upstream's chat format. */
  encodeChatRequest(
    request: AnthropicMessagesRequest,
    definition: CustomLlmDefinition,
  ): Record<string, unknown>;
  /** The URL before auth; `authorize` may still rewrite it. */
  url(context: CallContext): string;
  /**
   * The definition's body rules (`remove_from_body`, `extra_body`) and the provider's own (the
   * model id, `stream`, Bedrock's `anthropic_version`). Returns a new object.
   */
  finalizeBody(body: Record<string, unknown>, context: FinalizeBodyContext): Record<string, unknown>;
  /** Adds auth to one attempt (called again for every retry, so signatures carry a fresh date). */
  authorize(request: UpstreamHttpRequest, context: AuthorizeContext): Promise<UpstreamHttpRequest>;
  /** A non-2xx answer as the caller should see it. */
  mapHttpError(status: number, headers: Headers, bodyText: string, context: ErrorContext): GatewayError;
  /** A whole chat answer, validated, in the pivot format; a wrong shape is a 502 naming the model. */
  decodeChatResponse(
    json: unknown,
    definition: CustomLlmDefinition,
    context: DecodeContext,
  ): AnthropicMessage;
  /** A streamed chat answer as pivot parts; never throws (see StreamPart). */
  decodeChatStream(
    chunks: AsyncIterable<Uint8Array>,
    definition: CustomLlmDefinition,
    context: DecodeContext,
  ): AsyncGenerator<StreamPart>;
  /**
   * Whether the upstream runs a typed tool (`web_search_20250305`, `bash_20250124` …; custom tools
   * always pass). The others are removed by `dropUnavailableServerTools` (or refused when forced).
   * Absent: no typed tool is accepted.
   */
  acceptsToolType?(type: string, definition: CustomLlmDefinition): boolean;
  /**
   * Token counting (operation `count_tokens`: `url`, `finalizeBody` and `authorize` build the
   * request for it; the body handed in is the chat body in `chatFormat`). Absent when the upstream
   * cannot count: the endpoint answers 400.
   */
  countTokens?: {
    /** The upstream's answer -> the input token count; a wrong shape is a 502 naming the model. */
    decode(json: unknown, context: { label: string }): number;
  };
};
