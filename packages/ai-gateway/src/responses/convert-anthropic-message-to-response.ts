import type { AnthropicMessage } from '../translate/anthropic-types';
import {
  buildResponseObject,
  callTarget,
  mapResponsesUsage,
  type ResponseContext,
  statusFromStopReason,
} from './build-response-object';
import type { ResponseObject, ResponseOutputItem } from './responses-types';

/**
 * A whole Anthropic message -> a Responses `Response`
 * (https://platform.openai.com/docs/api-reference/responses/object): text blocks become `message`
 * items, tool calls `function_call` (or `custom_tool_call`) items with the caller's namespace and
 * name, thinking blocks `reasoning` items whose summary is Claude's (already summarised) thinking,
 * and their sealed block as `encrypted_content` (kept for storage; `redactReasoning` removes it when
 * the caller did not ask for it).
 */
export async function convertAnthropicMessageToResponse(
  message: AnthropicMessage,
  context: ResponseContext,
): Promise<ResponseObject> {
  const output: ResponseOutputItem[] = [];
  let thinkingCharacters = 0;
  for (const block of message.content) {
    switch (block.type) {
      case 'text':
        output.push(messageItem(context, block.text));
        break;
      case 'tool_use': {
        const argumentsJson = JSON.stringify(block.input ?? {});
        if (block.name === context.jsonResponseTool) {
          output.push(messageItem(context, argumentsJson));
          break;
        }
        const target = callTarget(context, block.name);
        const namespace = target.namespace ? { namespace: target.namespace } : {};
        if (target.kind === 'custom') {
          const input = (block.input as { input?: unknown } | null)?.input;
          output.push({
            type: 'custom_tool_call',
            id: `ctc_${context.ids()}`,
            call_id: block.id,
            name: target.name,
            ...namespace,
            input: typeof input === 'string' ? input : argumentsJson,
            status: 'completed',
          });
        } else {
          output.push({
            type: 'function_call',
            id: `fc_${context.ids()}`,
            call_id: block.id,
            name: target.name,
            ...namespace,
            arguments: argumentsJson,
            status: 'completed',
          });
        }
        break;
      }
      case 'thinking':
      case 'redacted_thinking': {
        const text = block.type === 'thinking' ? block.thinking : '';
        thinkingCharacters += text.length;
        output.push({
          type: 'reasoning',
          id: `rs_${context.ids()}`,
          summary: text ? [{ type: 'summary_text', text }] : [],
          encrypted_content: await context.sealer.seal(block),
          status: 'completed',
        });
        break;
      }
    }
  }
  const status = statusFromStopReason(message.stop_reason);
  if (status.status === 'incomplete') {
    for (const item of output) if (item.type === 'message') item.status = 'incomplete';
  }
  return buildResponseObject(context, {
    ...status,
    output,
    error: null,
    usage: mapResponsesUsage(message.usage, thinkingCharacters),
  });
}

function messageItem(context: ResponseContext, text: string): ResponseOutputItem {
  return {
    type: 'message',
    id: `msg_${context.ids()}`,
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
  };
}
