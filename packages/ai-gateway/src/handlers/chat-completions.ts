import { renderOpenAiError } from '../errors/render-openai-error';
import { InMemoryResponse, jsonResponse } from '../http/in-memory-response';
import { limitsOf } from '../pipeline/call-upstream';
import { relayOpenAiStream } from '../pipeline/relay-openai-stream';
import { openAiChunkEncoder } from '../pipeline/stream-encoders';
import type { Upstream } from '../providers/types';
import { convertAnthropicResponseToOpenAi } from '../translate/convert-anthropic-response-to-openai';
import { convertOpenAiRequestToAnthropic } from '../translate/convert-openai-request-to-anthropic';
import { getJsonResponseToolName } from '../translate/json-response-tool';
import { mapOpenAiUsageToAnthropic } from '../translate/map-usage';
import { parseOpenAiChatRequest } from '../translate/openai-types';
import { parseUpstreamAnswer, parseUpstreamJson } from '../upstream-answers/parse-upstream-answer';
import { OpenAiChatCompletionAnswerSchema } from '../upstream-answers/upstream-answer-schemas';
import { toTokenUsage } from '../usage/usage-record';
import { type CoreContext, createEndpointHandler, type IncomingCall } from './create-endpoint-handler';
import { streamToCaller } from './stream-to-caller';

type ChatCall = IncomingCall<ReturnType<typeof parseOpenAiChatRequest>>;

/** The caller's wire format on this endpoint. */
const CALLER_FORMAT = 'openai-chat';

const speaksCallerFormat = (upstream: Upstream) =>
  upstream.provider.chatFormat(upstream.definition) === CALLER_FORMAT;

/** `POST /v1/chat/completions`: OpenAI Chat Completions in, whatever the upstream speaks. */
export function createChatCompletionsHandler(core: CoreContext) {
  return createEndpointHandler({
    core,
    endpoint: 'chat.completions',
    parse: parseOpenAiChatRequest,
    renderError: renderOpenAiError,
    handle: (call) => handleChat(core, call),
  });
}

function includeUsageOf(call: ChatCall): boolean {
  return (
    (call.parsed.stream_options as { include_usage?: unknown } | null | undefined)?.include_usage === true
  );
}

async function handleChat(core: CoreContext, call: ChatCall): Promise<Response> {
  const { parsed } = call;
  // `response_format` is answered through a forced tool whose input becomes the content.
  let jsonResponseTool: string | undefined;
  const answer = await call.send(async (upstream) => {
    // Same format: the caller's body goes up as it came (the provider adds its own rules).
    if (speaksCallerFormat(upstream)) return call.json;
    const { definition, provider } = upstream;
    const pivot = await convertOpenAiRequestToAnthropic(parsed, {
      definition,
      thinking: provider.capabilities(definition).thinking,
      ...(core.deps.fetchImage ? { fetchImage: core.deps.fetchImage } : {}),
    });
    jsonResponseTool = getJsonResponseToolName(pivot);
    return provider.encodeChatRequest(pivot, definition);
  });
  return speaksCallerFormat(answer.upstream)
    ? relayAnswer(call, answer, limitsOf(core.deps).maxUpstreamEventBytes)
    : translateAnswer(core, call, answer, jsonResponseTool);
}

/** OpenAI-compatible upstream: its bytes go back to the caller, checked and accounted on the way. */
async function relayAnswer(
  call: ChatCall,
  answer: Awaited<ReturnType<ChatCall['send']>>,
  maxEventBytes: number,
): Promise<Response> {
  const { accounting, headers, stream } = call;
  const label = call.resolved.publicId;
  if (stream) {
    accounting.streamPending = true;
    return relayOpenAiStream({
      maxEventBytes,
      chunks: answer.chunks(),
      headers,
      upstreamAbort: answer.upstreamAbort,
      label,
      onUsage: (usage) => accounting.addUsage(usage),
      onFirstByte: () => accounting.markFirstByte(),
      // The provider asked the upstream for usage; drop that chunk if the caller did not ask.
      dropUsageChunk: !includeUsageOf(call),
      onEnd: (outcome) => accounting.finishStream(outcome),
    });
  }
  const text = await answer.text();
  const completion = parseUpstreamAnswer(
    OpenAiChatCompletionAnswerSchema,
    parseUpstreamJson(text, label),
    label,
  );
  if (completion.usage) accounting.addUsage(toTokenUsage(mapOpenAiUsageToAnthropic(completion.usage)));
  accounting.setFinishReason(completion.choices[0]?.finish_reason);
  accounting.markFirstByte();
  headers.set('content-type', 'application/json');
  return new InMemoryResponse(text, { status: 200, headers });
}

/** Any other upstream: through the Anthropic pivot and back to OpenAI's shapes. */
async function translateAnswer(
  core: CoreContext,
  call: ChatCall,
  answer: Awaited<ReturnType<ChatCall['send']>>,
  jsonResponseTool: string | undefined,
): Promise<Response> {
  const { accounting, headers } = call;
  const completion = {
    id: `chatcmpl-${accounting.requestId}`,
    created: Math.floor(core.deps.now().getTime() / 1000),
    model: call.resolved.publicId,
    ...(jsonResponseTool ? { jsonResponseTool } : {}),
  };
  if (call.stream) {
    const encoder = openAiChunkEncoder({ ...completion, includeUsage: includeUsageOf(call) });
    return streamToCaller(call, answer, encoder, renderOpenAiError);
  }
  const { message } = await answer.message();
  accounting.addUsage(toTokenUsage(message.usage));
  accounting.setFinishReason(message.stop_reason);
  accounting.markFirstByte();
  return jsonResponse(convertAnthropicResponseToOpenAi(message, completion), { status: 200, headers });
}
