import type { CustomLlmDefinition } from '../definition/custom-llm-definition-schema';
import type { GatewayError } from '../errors/gateway-error';
import type { ModelCapabilities } from '../models/model-capabilities';
import type { StreamPart } from '../pipeline/stream-part';
import type { AnthropicMessage, AnthropicMessagesRequest } from '../translate/anthropic-types';
import type { TokenUsage } from '../usage/usage-record';

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
export type ChatWireFormat = 'openai-chat' | 'anthropic-messages' | 'bedrock-converse' | 'openai-responses';

/** The operations a provider can be asked for. */
export type UpstreamOperation = 'chat' | 'count_tokens' | 'embeddings' | 'native' | 'responses';

/** Bedrock Runtime's own operations, by their URI suffix, on the native pass-through route. */
export const NATIVE_ACTIONS = [
  'invoke',
  'invoke-with-response-stream',
  'converse',
  'converse-stream',
  'count-tokens',
] as const;
export type NativeAction = (typeof NATIVE_ACTIONS)[number];

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
  /** For `operation: 'native'`: the caller's Bedrock action (the last path segment). */
  action?: NativeAction;
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
  /** Longest SSE line or event accepted (GatewayLimits.maxUpstreamEventBytes); default 8 MB. */
  maxEventBytes?: number;
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
  /** The cloud region the upstream runs in, when it has one (shown with a target's state). */
  region?(definition: CustomLlmDefinition): string | undefined;
  capabilities(definition: CustomLlmDefinition): ModelCapabilities;
  /** Who can verify a thinking signature this upstream gives out (binds sealed reasoning). */
  thinkingSignatureFamily(definition: CustomLlmDefinition): string;
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
  /** `/v1/embeddings`; absent = this kind of upstream serves no embeddings (400). */
  embeddings?: EmbeddingsSupport;
  /** The Bedrock-native route; absent = not a Bedrock upstream (ValidationException). */
  native?: NativeSupport;
  /**
   * The upstream speaks OpenAI's Responses API itself (operation `responses`: `url`,
   * `finalizeBody` and `authorize` build the request): `/v1/responses` passes the caller's body
   * through. Absent: the Responses endpoint translates through the pivot and the chat operation.
   */
  responses?: ResponsesSupport;
};

/** An embeddings request after the gateway checked it (OpenAI's shape, normalised). */
export type EmbeddingsRequest = {
  /** Texts, or token arrays (only upstreams that take tokens accept those). */
  input: { kind: 'text'; texts: string[] } | { kind: 'tokens'; tokens: number[][] };
  dimensions: number | undefined;
  user: string | undefined;
  /** The caller's other top-level fields (OpenAI SDK `extra_body`), e.g. Cohere's `input_type`. */
  extra: Record<string, unknown>;
};

/** One vector per input, in input order, and the upstream's own token count. */
export type EmbeddingsResult = { vectors: number[][]; promptTokens: number };

/** One upstream call with the given body (retries, signing and timeouts are the caller's). */
export type EmbeddingsSend = (body: Record<string, unknown>) => Promise<{ json: unknown; headers: Headers }>;

/** A provider that serves `/v1/embeddings`: it decides how many upstream calls one request takes. */
export type EmbeddingsSupport = {
  embed(
    request: EmbeddingsRequest,
    context: { definition: CustomLlmDefinition; label: string; send: EmbeddingsSend },
  ): Promise<EmbeddingsResult>;
};

/** Tokens a native answer reported (headers, body or stream frames). */
export type NativeUsage = {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
};

/** One whole frame of a relayed native stream, with what it reported. */
export type NativeStreamPart = {
  /** Sent to the caller as they are. */
  bytes: Uint8Array;
  usage?: NativeUsage;
  /** On the last part of a stream that failed (an upstream exception frame, a broken frame). */
  error?: GatewayError;
};

/** A provider whose own wire the native route relays as it is (Bedrock Runtime). */
export type NativeSupport = {
  /** Caller headers that travel upstream on this route (e.g. `x-amzn-bedrock-*` options). */
  callerHeaders(callerHeaders: Headers): Record<string, string>;
  /** Response headers of the upstream that go back to the caller. */
  responseHeaders(upstreamHeaders: Headers): Headers;
  /** Usage of a whole (non-streamed) answer. */
  usageOfAnswer(action: NativeAction, headers: Headers, bodyText: string): NativeUsage | undefined;
  /** A streamed answer relayed frame by frame; never throws for a bad frame (see NativeStreamPart). */
  relayStream(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<NativeStreamPart>;
};

/** What one relayed Responses event or whole answer reported. */
export type ResponsesReport = {
  usage?: TokenUsage;
  /** The Response's `status`, or `incomplete_details.reason` when it is incomplete. */
  finishReason?: string;
};

/** One whole SSE event of a relayed Responses stream, with what it reported. */
export type ResponsesStreamPart =
  | ({ type: 'event'; bytes: Uint8Array } & ResponsesReport)
  /** The stream failed (`error` / `response.failed` event, broken framing); `bytes` go out first. */
  | { type: 'error'; error: GatewayError; bytes?: Uint8Array };

/** A provider whose upstream answers `/responses` itself: its answers are relayed as they are. */
export type ResponsesSupport = {
  /** Usage of a whole Response (its `usage`); a body that is no Response is a 502 naming the model. */
  readAnswer(bodyText: string, context: { label: string }): ResponsesReport;
  /**
   * A streamed answer event by event (each event's bytes re-framed, its data untouched), usage
   * from `response.completed`/`response.incomplete`; a stream that ends without one of those ends
   * with an error part. Never throws for a bad event.
   */
  relayStream(chunks: AsyncIterable<Uint8Array>, context: DecodeContext): AsyncGenerator<ResponsesStreamPart>;
};
