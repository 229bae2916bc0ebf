import { type ApiAdapter, apiAdapterOf } from '../definition/custom-llm-definition-schema';
import { DEFAULT_LIMITS, type GatewayDeps, type GatewayLimits, type ResolvedModel } from '../gateway-deps';
import { applyDefinitionTransforms } from '../pipeline/apply-definition-transforms';
import { mapUpstreamHttpError } from '../pipeline/map-upstream-http-error';
import { readBodyChunks, readWholeBody } from '../pipeline/read-body-chunks';
import type { UpstreamStreamFormat } from '../pipeline/read-upstream-events';
import { sendUpstream } from '../pipeline/send-upstream';
import { mapBedrockHttpError } from '../providers/bedrock/map-bedrock-error';
import { getProvider } from '../providers/get-provider';
import type { Provider } from '../providers/types';
import { buildUpstreamRequest } from '../providers/upstream-request';

export type ForwardInput = {
  deps: GatewayDeps;
  resolved: ResolvedModel;
  /** Already in the upstream's wire format. */
  body: Record<string, unknown>;
  /** The caller's flag, captured before any transform. */
  stream: boolean;
  callerHeaders: Headers;
  callerSignal: AbortSignal;
};

export type ForwardResult = {
  response: Response;
  provider: Provider;
  apiAdapter: ApiAdapter;
  upstreamAbort: AbortController;
  /** The body as chunks, under the idle timeout. */
  chunks: () => AsyncGenerator<Uint8Array>;
  /** The whole body as text (non-streaming answers). */
  text: () => Promise<string>;
  streamFormat: UpstreamStreamFormat;
};

export function limitsOf(deps: GatewayDeps): GatewayLimits {
  return { ...DEFAULT_LIMITS, ...deps.limits };
}

/** Definition transforms, provider body rules, auth and the upstream call, retries included. */
export async function forwardToUpstream(input: ForwardInput): Promise<ForwardResult> {
  const { deps, resolved, stream } = input;
  const { definition, publicId } = resolved;
  const limits = limitsOf(deps);
  const provider = getProvider(definition);
  const apiAdapter = apiAdapterOf(definition);
  const context = { definition, apiAdapter, stream };

  let body = applyDefinitionTransforms(input.body, definition);
  if (provider.finalizeBody)
    body = provider.finalizeBody(body, { ...context, callerHeaders: input.callerHeaders });
  const request = buildUpstreamRequest({ provider, context, body, callerHeaders: input.callerHeaders });

  const upstreamAbort = new AbortController();
  const onCallerAbort = () => upstreamAbort.abort(input.callerSignal.reason);
  if (input.callerSignal.aborted) onCallerAbort();
  else input.callerSignal.addEventListener('abort', onCallerAbort, { once: true });

  const isBedrock = provider.id === 'bedrock';
  const { response } = await sendUpstream({
    request,
    provider,
    context: { ...context, now: deps.now },
    upstreamAbort,
    fetch: deps.fetch,
    limits,
    mapError: (status, headers, text) =>
      isBedrock
        ? mapBedrockHttpError(status, headers, text)
        : mapUpstreamHttpError(status, headers, text, publicId),
    checkUrl: deps.checkUpstreamUrl
      ? (url) => deps.checkUpstreamUrl?.(url, { bedrock: isBedrock })
      : undefined,
    sleep: deps.sleep ?? abortableSleep,
    random: deps.random ?? Math.random,
    label: publicId,
  });

  return {
    response,
    provider,
    apiAdapter,
    upstreamAbort,
    chunks: () => readBodyChunks(response, upstreamAbort, limits.idleTimeoutMs, publicId),
    text: () => readWholeBody(response, upstreamAbort, limits.idleTimeoutMs, publicId),
    streamFormat: streamFormatOf(provider, apiAdapter),
  };
}

function streamFormatOf(provider: Provider, apiAdapter: ApiAdapter): UpstreamStreamFormat {
  if (provider.id === 'bedrock')
    return apiAdapter === 'bedrock-converse' ? 'bedrock-converse' : 'bedrock-invoke';
  return provider.id === 'anthropic' ? 'anthropic-sse' : 'openai-sse';
}

export function abortableSleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, milliseconds);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
