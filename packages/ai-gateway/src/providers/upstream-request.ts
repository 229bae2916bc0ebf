import type { Provider, SignRequestContext, UpstreamHttpRequest } from './types';

/**
 * Caller headers that may travel upstream. Everything else the caller sent is dropped: above all
 * `authorization`, `x-api-key` and `cookie` (the caller's gateway credentials), `host`, hop-by-hop
 * headers and `x-forwarded-*` (a proxy may rewrite them after SigV4 signed them).
 */
const FORWARDED_CALLER_HEADERS = ['anthropic-beta', 'openai-beta'] as const;

/** Headers a definition's `extra_headers` may not set: they belong to the transport or to auth. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'expect',
]);

export type BuildUpstreamRequestInput = {
  provider: Provider;
  context: Omit<SignRequestContext, 'now'>;
  body: Record<string, unknown>;
  callerHeaders: Headers;
};

/** The unsigned upstream request: URL, allow-listed headers, `extra_headers`, serialised body. */
export function buildUpstreamRequest(input: BuildUpstreamRequestInput): UpstreamHttpRequest {
  const { provider, context, body, callerHeaders } = input;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: context.stream ? 'text/event-stream' : 'application/json',
  };
  // Bedrock takes `anthropic-beta` in the body (its finalizeBody moves it there), not as a header.
  if (provider.id !== 'bedrock') {
    for (const name of FORWARDED_CALLER_HEADERS) {
      const value = callerHeaders.get(name);
      if (value !== null) headers[name] = value;
    }
  }
  for (const [name, value] of Object.entries(context.definition.extra_headers ?? {})) {
    const lowerName = name.toLowerCase();
    if (!RESERVED_HEADERS.has(lowerName)) headers[lowerName] = value;
  }
  return { url: provider.buildUrl(context), method: 'POST', headers, body: JSON.stringify(body) };
}

/**
 * Adds auth to one attempt: the provider's `signRequest` when it has one (Bedrock, Anthropic),
 * else `Authorization: Bearer <api_key>` only when the definition has a non-empty key, never
 * `Bearer undefined`. Called again for every retry so signatures carry a fresh date.
 */
export async function authorizeUpstreamRequest(
  request: UpstreamHttpRequest,
  provider: Provider,
  context: SignRequestContext,
): Promise<UpstreamHttpRequest> {
  const headers = { ...request.headers };
  delete headers.authorization;
  const unsigned = { ...request, headers };
  if (provider.signRequest) return provider.signRequest(unsigned, context);
  const apiKey = context.definition.api_key?.trim();
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  return unsigned;
}
