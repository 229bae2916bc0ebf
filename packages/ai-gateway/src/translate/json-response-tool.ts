import type { AnthropicMessagesRequest } from './anthropic-types';

/**
 * OpenAI `response_format` has no Anthropic equivalent; the documented way to get JSON that follows
 * a schema is a tool whose input schema is that schema, forced with `tool_choice`
 * (https://docs.anthropic.com/en/docs/build-with-claude/tool-use#json-mode). The converted request
 * carries the tool's name under a symbol key: invisible to JSON.stringify (never sent upstream) yet
 * kept by object spread, so the pipeline can read it back and tell the response converters to turn
 * that tool call into message content.
 */
const JSON_RESPONSE_TOOL = Symbol.for('gateway.jsonResponseTool');

type Marked = { [JSON_RESPONSE_TOOL]?: string };

export function markJsonResponseTool(
  request: AnthropicMessagesRequest,
  toolName: string,
): AnthropicMessagesRequest {
  return Object.assign({ ...request }, { [JSON_RESPONSE_TOOL]: toolName });
}

/** The tool name to turn back into message content, when the request came with `response_format`. */
export function getJsonResponseToolName(request: AnthropicMessagesRequest): string | undefined {
  return (request as Marked)[JSON_RESPONSE_TOOL];
}
