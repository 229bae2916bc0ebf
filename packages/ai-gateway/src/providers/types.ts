import type { ApiAdapter, CustomLlmDefinition } from '../definition/custom-llm-definition-schema';

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

export type ProviderContext = {
  definition: CustomLlmDefinition;
  /** The upstream's wire format. */
  apiAdapter: ApiAdapter;
  /** The client's `stream` flag, captured before any body transform could remove it. */
  stream: boolean;
};

export type SignRequestContext = ProviderContext & {
  /** Injected clock; SigV4 dates come from here so tests are deterministic. */
  now: () => Date;
};

export type FinalizeBodyContext = ProviderContext & {
  /** The caller's request headers (read-only), e.g. for `anthropic-beta`. */
  callerHeaders: Headers;
};

export type ProviderId = 'openai-compatible' | 'anthropic' | 'bedrock';

export type Provider = {
  id: ProviderId;
  /** The upstream URL before auth; `signRequest` may rewrite it (Bedrock puts the model id in the path). */
  buildUrl(context: ProviderContext): string;
  /**
   * Provider rules applied after `remove_from_body` and `extra_body` (Bedrock: no `model`, no
   * `stream`, `anthropic_version` default). Returns a new object; never mutates its input.
   */
  finalizeBody?(body: Record<string, unknown>, context: FinalizeBodyContext): Record<string, unknown>;
  /**
   * Replaces the default Bearer auth. Called once per attempt (retries re-sign with a fresh date).
   * Returns the request to send: it may rewrite `url` and must set every auth header itself.
   */
  signRequest?(request: UpstreamHttpRequest, context: SignRequestContext): Promise<UpstreamHttpRequest>;
};
