import { callerPassthroughFilter, type PassthroughDropped } from './caller-passthrough';
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
  /** Told what the definition's `caller_passthrough` left out (logged at debug). */
  onPassthroughDropped?: (dropped: PassthroughDropped) => void;
};

/**
 * The unsigned upstream request: the caller pass-through policy, the provider's URL and body
 * rules, then headers. Of the caller's headers only those the provider names travel
 * (`anthropic-beta`, `openai-beta`): never `authorization`, `x-api-key` or `cookie` (the caller's
 * gateway credentials), `host`, hop-by-hop headers or `x-forwarded-*` (a proxy may rewrite them
 * after SigV4 signed them).
 *
 * The definition's `caller_passthrough` (issue 17 #11) applies first, here and only here: to the
 * caller's beta headers and to the body's top-level keys and `anthropic_beta`, before
 * `remove_from_body`/`extra_body` (what an admin adds is never filtered) and before the
 * provider's own rules (Bedrock's accepted betas and keys still apply after it). It applies to
 * every body: a same-format body is the caller's own; a translated one is built by the gateway
 * and holds none of the default-denied keys, so filtering it changes nothing unless an admin
 * denied a key on purpose, which should then hold whatever the caller's format. The default
 * field list is for chat and count_tokens bodies only (caller-passthrough.ts says why).
 */
export function buildUpstreamRequest(input: BuildUpstreamRequestInput): UpstreamHttpRequest {
  const { provider } = input;
  const filter = callerPassthroughFilter(input.context.definition.caller_passthrough);
  const dropped: PassthroughDropped = { betas: [], fields: [] };
  const context = { ...input.context, callerHeaders: filter.headers(input.context.callerHeaders, dropped) };
  const body = provider.finalizeBody(filter.body(input.body, dropped, context.operation), context);
  if (dropped.betas.length + dropped.fields.length > 0) input.onPassthroughDropped?.(dropped);
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
