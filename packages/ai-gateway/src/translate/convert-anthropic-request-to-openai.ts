import type { CustomLlmDefinition } from '../definition/custom-llm-definition-schema';
import type {
  AnthropicContentBlock,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicMessageParam,
  AnthropicMessagesRequest,
  AnthropicTextBlock,
} from './anthropic-types';
import type { OpenAiChatRequest, OpenAiContentPart, OpenAiMessage, OpenAiToolCall } from './openai-types';
import { invalidRequest } from './request-errors';

export type ConvertAnthropicRequestToOpenAiOptions = {
  definition?: CustomLlmDefinition;
};

/**
 * Anthropic Messages request -> OpenAI Chat Completions request, for `/v1/messages` callers routed to
 * an OpenAI-compatible upstream. tool_result blocks become `tool` messages (placed before the rest of
 * their user turn, as OpenAI wants results right after the assistant's calls); thinking blocks are
 * dropped (they cannot be replayed to another vendor). `model` and `stream` are left to the pipeline.
 */
export function convertAnthropicRequestToOpenAi(
  request: AnthropicMessagesRequest,
  _options: ConvertAnthropicRequestToOpenAiOptions = {},
): OpenAiChatRequest {
  const messages: OpenAiMessage[] = [];
  const system = typeof request.system === 'string' ? request.system : joinText(request.system ?? []);
  if (system.trim() !== '') messages.push({ role: 'system', content: system });
  for (const message of request.messages) messages.push(...convertMessage(message));

  const result: OpenAiChatRequest = { messages, max_tokens: request.max_tokens };
  if (request.temperature !== undefined) result.temperature = request.temperature;
  if (request.top_p !== undefined) result.top_p = request.top_p;
  if (request.stop_sequences && request.stop_sequences.length > 0) result.stop = request.stop_sequences;
  if (request.metadata?.user_id) result.user = request.metadata.user_id;

  if (request.tools && request.tools.length > 0) {
    result.tools = request.tools.map((tool) => ({
      type: 'function' as const,
      function: {
        name: tool.name,
        ...(tool.description ? { description: tool.description } : {}),
        parameters: tool.input_schema,
      },
    }));
    const choice = request.tool_choice;
    if (choice?.type === 'auto') result.tool_choice = 'auto';
    else if (choice?.type === 'any') result.tool_choice = 'required';
    else if (choice?.type === 'none') result.tool_choice = 'none';
    else if (choice?.type === 'tool')
      result.tool_choice = { type: 'function', function: { name: choice.name } };
    if (choice && 'disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use) {
      result.parallel_tool_calls = false;
    }
  }
  return result;
}

function joinText(blocks: AnthropicTextBlock[]): string {
  return blocks.map((block) => block.text).join('\n\n');
}

function convertMessage(message: AnthropicMessageParam): OpenAiMessage[] {
  const blocks: AnthropicContentBlock[] =
    typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;

  if (message.role === 'assistant') {
    const text = blocks.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
    const toolCalls: OpenAiToolCall[] = blocks.flatMap((block) =>
      block.type === 'tool_use'
        ? [
            {
              id: block.id,
              type: 'function' as const,
              function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
            },
          ]
        : [],
    );
    return [
      {
        role: 'assistant',
        content: text === '' && toolCalls.length > 0 ? null : text,
        ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
      },
    ];
  }

  const result: OpenAiMessage[] = [];
  const parts: OpenAiContentPart[] = [];
  for (const block of blocks) {
    if (block.type === 'tool_result') {
      result.push({
        role: 'tool',
        tool_call_id: block.tool_use_id,
        content: toolResultContent(block.content, block.is_error),
      });
    } else if (block.type === 'text') {
      parts.push({ type: 'text', text: block.text });
    } else if (block.type === 'image') {
      parts.push(imagePart(block));
    } else if (block.type === 'document') {
      parts.push(documentPart(block));
    }
  }
  if (parts.length > 0) {
    const onlyText = parts.every((part) => part.type === 'text');
    result.push({
      role: 'user',
      content: onlyText ? parts.map((part) => (part as { text: string }).text).join('\n') : parts,
    });
  }
  return result;
}

function toolResultContent(
  content: string | Array<AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock> | undefined,
  isError: boolean | undefined,
): string | OpenAiContentPart[] {
  // OpenAI tool messages have no error flag; say so in the text so the model still knows.
  const prefix = isError ? 'Error: ' : '';
  if (content === undefined || typeof content === 'string') return prefix + (content ?? '');
  const parts: OpenAiContentPart[] = content.map((block) =>
    block.type === 'text'
      ? { type: 'text', text: block.text }
      : block.type === 'document'
        ? documentPart(block)
        : imagePart(block),
  );
  if (parts.every((part) => part.type === 'text')) {
    return prefix + parts.map((part) => (part as { text: string }).text).join('\n');
  }
  return prefix ? [{ type: 'text', text: prefix.trim() }, ...parts] : parts;
}

/** A document as OpenAI's `file` part (PDF as a data URL) or, for text, as text. */
function documentPart(block: AnthropicDocumentBlock): OpenAiContentPart {
  const source = block.source;
  if (source.type === 'base64') {
    return {
      type: 'file',
      file: {
        file_data: `data:${source.media_type};base64,${source.data}`,
        filename: block.title ?? 'document.pdf',
      },
    };
  }
  if (source.type === 'text') return { type: 'text', text: source.data };
  if (source.type === 'content') {
    const text =
      typeof source.content === 'string'
        ? source.content
        : source.content.map((part) => part.text).join('\n');
    return { type: 'text', text };
  }
  throw invalidRequest(
    'Document URLs are not supported for this model; send the document as base64 data.',
    'messages',
  );
}

function imagePart(block: AnthropicImageBlock): OpenAiContentPart {
  const url =
    block.source.type === 'base64'
      ? `data:${block.source.media_type};base64,${block.source.data}`
      : block.source.url;
  return { type: 'image_url', image_url: { url } };
}
