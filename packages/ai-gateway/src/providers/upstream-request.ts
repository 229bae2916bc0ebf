import type { AuthorizeContext, FinalizeBodyContext, Provider, UpstreamHttpRequest } from './types';

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
  context: FinalizeBodyContext;
  /** In the upstream's wire format, before the definition's and the provider's body rules. */
  body: Record<string, unknown>;
};

/**
 * The unsigned upstream request: the provider's URL and body rules, then headers. Of the
 * caller's headers only those the provider names travel (`anthropic-beta`, `openai-beta`):
 * never `authorization`, `x-api-key` or `cookie` (the caller's gateway credentials), `host`,
 * hop-by-hop headers or `x-forwarded-*` (a proxy may rewrite them after SigV4 signed them).
 */
export function buildUpstreamRequest(input: BuildUpstreamRequestInput): UpstreamHttpRequest {
  const { provider, context } = input;
  const body = provider.finalizeBody(input.body, context);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: context.stream ? 'text/event-stream' : 'application/json',
  };
  for (const name of provider.forwardedCallerHeaders) {
    const value = context.callerHeaders.get(name);
    if (value !== null) headers[name] = value;
  }
  // The native route's request options (Bedrock's `x-amzn-bedrock-*`), named by the provider.
  if (context.operation === 'native' && provider.native) {
    Object.assign(headers, provider.native.callerHeaders(context.callerHeaders));
  }
  for (const [name, value] of Object.entries(context.definition.extra_headers ?? {})) {
    const lowerName = name.toLowerCase();
    if (!RESERVED_HEADERS.has(lowerName)) headers[lowerName] = value;
  }
  return { url: provider.url(context), method: 'POST', headers, body: JSON.stringify(body) };
}

/**
 * Adds auth to one attempt through the provider (Bearer only when a key exists, `x-api-key`, SigV4
 * or a Bedrock API key). Any `authorization` already present is dropped first. Called again for
 * every retry so signatures carry a fresh date.
 */
export function authorizeUpstreamRequest(
  request: UpstreamHttpRequest,
  provider: Provider,
  context: AuthorizeContext,
): Promise<UpstreamHttpRequest> {
  const headers = { ...request.headers };
  delete headers.authorization;
  return provider.authorize({ ...request, headers }, context);
}
