import { apiAdapterOf } from '../definition/custom-llm-definition-schema';
import { GatewayError, toGatewayError } from '../errors/gateway-error';
import { renderOpenAiError } from '../errors/render-openai-error';
import type { GatewayDeps } from '../gateway-deps';
import { authenticateCaller } from '../pipeline/authenticate-caller';
import { readJsonBody } from '../pipeline/read-json-body';
import { readUpstreamEvents } from '../pipeline/read-upstream-events';
import { fromOpenAiUsage, type OpenAiUsage, relayOpenAiStream } from '../pipeline/relay-openai-stream';
import { requireModel } from '../pipeline/require-model';
import { respondWithStream } from '../pipeline/respond-with-stream';
import { openAiChunkEncoder } from '../pipeline/stream-encoders';
import { supportsThinking } from '../providers/bedrock/bedrock-model-catalog';
import {
  type AnthropicMessage,
  convertAnthropicRequestToConverse,
  convertAnthropicResponseToOpenAi,
  convertConverseResponseToAnthropic,
  convertOpenAiRequestToAnthropic,
  createUsageAccumulator,
  getJsonResponseToolName,
  parseOpenAiChatRequest,
} from '../translate';
import { forwardToUpstream, limitsOf } from './forward-to-upstream';
import { readUpstreamJson } from './read-upstream-json';
import { RequestAccounting } from './request-accounting';
import { resolveModelForCaller } from './resolve-model-for-caller';
import { usageFromAnthropicMessage } from './usage-from-anthropic-message';

/** `POST /v1/chat/completions`: OpenAI Chat Completions in, whatever the upstream speaks. */
export function createChatCompletionsHandler(deps: GatewayDeps) {
  return async function chatCompletions(request: Request): Promise<Response> {
    const accounting = new RequestAccounting(deps, 'chat.completions');
    const headers = new Headers({ 'x-request-id': accounting.requestId });
    try {
      const caller = await authenticateCaller(request.headers, deps);
      accounting.setCaller(caller);
      const json = await readJsonBody(request, limitsOf(deps).maxBodyBytes);
      const openAiRequest = parseOpenAiChatRequest(json);
      // Captured now: a definition's remove_from_body may delete `stream` from the upstream body.
      const stream = openAiRequest.stream === true;
      const includeUsage =
        (openAiRequest.stream_options as { include_usage?: unknown } | null | undefined)?.include_usage ===
        true;
      const resolved = await resolveModelForCaller(caller, requireModel(openAiRequest.model), deps);
      accounting.setModel(resolved, stream);
      const { definition, publicId } = resolved;
      const adapter = apiAdapterOf(definition);

      // Streams always ask an OpenAI-compatible upstream for usage, so accounting is never 0;
      // the extra chunk is dropped again if the caller did not ask for it.
      let body: Record<string, unknown> =
        adapter === 'openai-completions' && stream && !includeUsage
          ? {
              ...json,
              stream_options: { ...(json.stream_options as object | undefined), include_usage: true },
            }
          : json;
      let jsonResponseTool: string | undefined;
      if (adapter !== 'openai-completions') {
        const anthropicRequest = await convertOpenAiRequestToAnthropic(openAiRequest, {
          definition,
          supportsThinking: supportsThinking(definition.internal_id),
          ...(deps.fetchImage ? { fetchImage: deps.fetchImage } : {}),
        });
        jsonResponseTool = getJsonResponseToolName(anthropicRequest);
        body =
          adapter === 'bedrock-converse'
            ? (convertAnthropicRequestToConverse(anthropicRequest) as Record<string, unknown>)
            : (anthropicRequest as Record<string, unknown>);
      }

      const forward = await forwardToUpstream({
        deps,
        resolved,
        body,
        stream,
        callerHeaders: request.headers,
        callerSignal: request.signal,
      });
      const created = Math.floor(deps.now().getTime() / 1000);
      const completionId = `chatcmpl-${accounting.requestId}`;

      if (adapter === 'openai-completions') {
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
        if (usage) accounting.addUsage(fromOpenAiUsage(usage));
        accounting.markFirstByte();
        accounting.finish(200);
        headers.set('content-type', 'application/json');
        return new Response(text, { status: 200, headers });
      }

      if (stream) {
        const usage = createUsageAccumulator();
        return await respondWithStream({
          parts: readUpstreamEvents(forward.chunks(), forward.streamFormat, publicId),
          encoder: openAiChunkEncoder({
            id: completionId,
            created,
            model: publicId,
            includeUsage,
            jsonResponseTool,
          }),
          headers,
          renderError: renderOpenAiError,
          upstreamAbort: forward.upstreamAbort,
          onEvent: (part) => {
            accounting.markFirstByte();
            if (part.type === 'event') {
              usage.push(part.event);
              accounting.addUsage(usage.current());
            }
          },
          onEnd: ({ error }) => accounting.finish(error ? error.status : 200, error),
        });
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
      return Response.json(
        convertAnthropicResponseToOpenAi(message, {
          id: completionId,
          created,
          model: publicId,
          ...(jsonResponseTool ? { jsonResponseTool } : {}),
        }),
        {
          status: 200,
          headers,
        },
      );
    } catch (thrown) {
      const error = toGatewayError(thrown);
      if (error.code === 'internal_error' && !(thrown instanceof GatewayError)) {
        deps.logger?.error(
          { requestId: accounting.requestId, err: describe(thrown) },
          'chat completion failed',
        );
      }
      accounting.finish(error.status, error);
      return renderOpenAiError(error, headers);
    }
  };
}

/** The error's class and message only: never a request body or header. */
export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
