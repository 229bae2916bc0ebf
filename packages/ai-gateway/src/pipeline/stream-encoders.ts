import type { GatewayError } from '../errors/gateway-error';
import { toAnthropicErrorBody } from '../errors/render-anthropic-error';
import { encodeAnthropicSse, encodeOpenAiStreamError, encodeSseData, OPENAI_DONE } from '../sse';
import type { AnthropicStreamEvent } from '../translate';
import { createAnthropicToOpenAiChunks } from '../translate';

/** Turns pivot events into the caller's SSE text. */
export type StreamEncoder = {
  event(event: AnthropicStreamEvent): string;
  /** The normal end of the stream. */
  end(): string;
  /** The last thing the caller sees when the upstream failed mid-stream. */
  error(error: GatewayError): string;
};

export function anthropicSseEncoder(): StreamEncoder {
  return {
    event: encodeAnthropicSse,
    end: () => '',
    error: (error) => `event: error\ndata: ${JSON.stringify(toAnthropicErrorBody(error))}\n\n`,
  };
}

/**
 * OpenAI chunks; on an upstream failure a final `data: {"error":…}` and no `[DONE]`, so the
 * official SDK raises instead of returning a truncated answer as if it were complete.
 */
export function openAiChunkEncoder(options: {
  id: string;
  created: number;
  model: string;
  includeUsage: boolean;
  /** `response_format` was answered through this forced tool: its input becomes the content. */
  jsonResponseTool?: string | undefined;
}): StreamEncoder {
  const { jsonResponseTool, ...rest } = options;
  const chunks = createAnthropicToOpenAiChunks(jsonResponseTool ? { ...rest, jsonResponseTool } : rest);
  const encode = (list: readonly unknown[]) => list.map(encodeSseData).join('');
  return {
    event: (event) => encode(chunks.push(event)),
    end: () => encode(chunks.finish()) + OPENAI_DONE,
    error: encodeOpenAiStreamError,
  };
}
