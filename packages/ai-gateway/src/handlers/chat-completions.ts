import { renderOpenAiError } from '../errors/render-openai-error';
import type { GatewayDeps } from '../gateway-deps';
import { relayOpenAiStream } from '../pipeline/relay-openai-stream';
import { openAiChunkEncoder } from '../pipeline/stream-encoders';
import { supportsThinking } from '../providers/bedrock/bedrock-model-catalog';
import {
  type AnthropicMessage,
  convertAnthropicRequestToConverse,
  convertAnthropicResponseToOpenAi,
  convertConverseResponseToAnthropic,
  convertOpenAiRequestToAnthropic,
  getJsonResponseToolName,
  mapOpenAiUsageToAnthropic,
  type OpenAiUsage,
  parseOpenAiChatRequest,
} from '../translate';
import { toTokenUsage } from '../usage/usage-record';
import {
  createEndpointHandler,
  forwardCall,
  type IncomingCall,
  streamToCaller,
} from './create-endpoint-handler';
import { readUpstreamJson } from './read-upstream-json';
import { usageFromAnthropicMessage } from './usage-from-anthropic-message';

type ChatCall = IncomingCall<ReturnType<typeof parseOpenAiChatRequest>>;

/** `POST /v1/chat/completions`: OpenAI Chat Completions in, whatever the upstream speaks. */
export function createChatCompletionsHandler(deps: GatewayDeps) {
  return createEndpointHandler({
    deps,
    endpoint: 'chat.completions',
    parse: parseOpenAiChatRequest,
    renderError: renderOpenAiError,
    handle: (call) =>
      call.adapter === 'openai-completions' ? passThrough(deps, call) : translate(deps, call),
  });
}

function includeUsageOf(call: ChatCall): boolean {
  return (
    (call.parsed.stream_options as { include_usage?: unknown } | null | undefined)?.include_usage === true
  );
}

/** OpenAI-compatible upstream: the caller's body goes up and the upstream's bytes come back. */
async function passThrough(deps: GatewayDeps, call: ChatCall): Promise<Response> {
  const { json, stream, accounting, headers } = call;
  const { publicId } = call.resolved;
  const includeUsage = includeUsageOf(call);
  // Streams always ask the upstream for usage, so accounting is never 0; the extra chunk is
  // dropped again on the way out if the caller did not ask for it.
  const body =
    stream && !includeUsage
      ? { ...json, stream_options: { ...(json.stream_options as object | undefined), include_usage: true } }
      : json;
  const forward = await forwardCall(deps, call, body);
  if (stream) {
    return relayOpenAiStream({
      chunks: forward.chunks(),
      headers,
      upstreamAbort: forward.upstreamAbort,
      label: publicId,
      onUsage: (usage) => accounting.addUsage(usage),
      onFirstByte: () => accounting.markFirstByte(),
      dropUsageChunk: !includeUsage,
      onEnd: ({ error }) => accounting.finish(error ? error.status : 200, error),
    });
  }
  const { text, json: completion } = await readUpstreamJson(forward, publicId);
  const usage = (completion as { usage?: OpenAiUsage }).usage;
  if (usage) accounting.addUsage(toTokenUsage(mapOpenAiUsageToAnthropic(usage)));
  accounting.markFirstByte();
  accounting.finish(200);
  headers.set('content-type', 'application/json');
  return new Response(text, { status: 200, headers });
}

/** Anthropic or Converse upstream: through the Anthropic pivot and back to OpenAI chunks. */
async function translate(deps: GatewayDeps, call: ChatCall): Promise<Response> {
  const { parsed, stream, adapter, accounting, headers } = call;
  const { definition, publicId } = call.resolved;
  const anthropicRequest = await convertOpenAiRequestToAnthropic(parsed, {
    definition,
    supportsThinking: supportsThinking(definition.internal_id),
    ...(deps.fetchImage ? { fetchImage: deps.fetchImage } : {}),
  });
  // `response_format` is answered through a forced tool whose input becomes the content.
  const jsonResponseTool = getJsonResponseToolName(anthropicRequest);
  const body =
    adapter === 'bedrock-converse'
      ? (convertAnthropicRequestToConverse(anthropicRequest) as Record<string, unknown>)
      : (anthropicRequest as Record<string, unknown>);
  const forward = await forwardCall(deps, call, body);
  const completion = {
    id: `chatcmpl-${accounting.requestId}`,
    created: Math.floor(deps.now().getTime() / 1000),
    model: publicId,
    ...(jsonResponseTool ? { jsonResponseTool } : {}),
  };
  if (stream) {
    const encoder = openAiChunkEncoder({ ...completion, includeUsage: includeUsageOf(call) });
    return streamToCaller(call, forward, encoder, renderOpenAiError);
  }

  const { json: upstreamJson } = await readUpstreamJson(forward, publicId);
  const message: AnthropicMessage =
    adapter === 'bedrock-converse'
      ? convertConverseResponseToAnthropic(upstreamJson as never, {
          model: publicId,
          id: `msg_${accounting.requestId}`,
        })
      : (upstreamJson as AnthropicMessage);
  accounting.addUsage(usageFromAnthropicMessage(message, forward.response.headers));
  accounting.markFirstByte();
  accounting.finish(200);
  return Response.json(convertAnthropicResponseToOpenAi(message, completion), { status: 200, headers });
}
