import type {
  AnthropicCacheControl,
  AnthropicContentBlock,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicMessageParam,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
} from './anthropic-types';
import { convertOpenAiFileToDocument } from './convert-openai-file-to-document';
import { convertOpenAiImageToAnthropic, type ImageOptions } from './convert-openai-image-to-anthropic';
import type { OpenAiContentPart, OpenAiMessage } from './openai-types';
import { invalidRequest } from './request-errors';
import { sanitizeToolUseId } from './sanitize-tool-use-id';

export type MessageOptions = ImageOptions & {
  /** `supports_image_input: false` in the definition: refuse images rather than let the upstream fail. */
  rejectImages: boolean;
};

type AnthropicMessage = { role: 'user' | 'assistant'; content: AnthropicContentBlock[] };
type UserBlock = AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock;

/**
 * OpenAI chat messages -> Anthropic `system` + `messages`
 * (https://docs.anthropic.com/en/api/messages): system/developer messages become the system prompt,
 * tool messages become user `tool_result` blocks, consecutive same-role messages are merged (Anthropic
 * and Bedrock want alternating roles) and blank text is dropped (Bedrock rejects blank text blocks).
 */
export async function convertOpenAiMessagesToAnthropic(
  messages: OpenAiMessage[],
  options: MessageOptions,
): Promise<{ system: AnthropicTextBlock[]; messages: AnthropicMessageParam[] }> {
  const system: AnthropicTextBlock[] = [];
  const result: AnthropicMessage[] = [];

  for (const [index, message] of messages.entries()) {
    const param = `messages[${index}]`;
    let role: 'user' | 'assistant';
    let blocks: AnthropicContentBlock[];
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...textOnly(message.content, `${param}.content`));
        continue;
      case 'user':
        role = 'user';
        blocks = await convertUserContent(message.content, options, `${param}.content`);
        break;
      case 'assistant':
        role = 'assistant';
        blocks = [
          // Thinking first, signatures unchanged: Claude checks them, and wants them before tool_use.
          ...(message.thinking_blocks ?? []).map((block) =>
            block.type === 'thinking'
              ? { type: 'thinking' as const, thinking: block.thinking, signature: block.signature }
              : { type: 'redacted_thinking' as const, data: block.data },
          ),
          ...textOnly(message.content ?? [], `${param}.content`),
          ...(message.tool_calls ?? []).map((call, callIndex) => ({
            type: 'tool_use' as const,
            id: sanitizeToolUseId(call.id),
            name: call.function.name,
            input: parseArguments(
              call.function.arguments,
              `${param}.tool_calls[${callIndex}].function.arguments`,
            ),
          })),
        ];
        break;
      case 'tool':
        role = 'user';
        blocks = [
          await convertToolMessage(message.content, message.tool_call_id, options, `${param}.content`),
        ];
        break;
      default:
        throw invalidRequest(`Unknown message role.`, `${param}.role`);
    }
    if (blocks.length === 0) continue;
    const previous = result.at(-1);
    if (previous?.role === role) previous.content.push(...blocks);
    else result.push({ role, content: blocks });
  }

  return { system, messages: result.map(toolResultsFirst) };
}

/** Anthropic wants the tool_result blocks answering a turn before any other content of the user turn. */
function toolResultsFirst(message: AnthropicMessage): AnthropicMessageParam {
  if (message.role !== 'user') return message;
  const results = message.content.filter((block) => block.type === 'tool_result');
  if (results.length === 0) return message;
  return {
    role: 'user',
    content: [...results, ...message.content.filter((block) => block.type !== 'tool_result')],
  };
}

function textOnly(content: string | OpenAiContentPart[], param: string): AnthropicTextBlock[] {
  if (typeof content === 'string') return nonBlank(content);
  return content.flatMap((part, partIndex) => {
    if (part.type === 'text') return withCacheControl(nonBlank(String(part.text)), part);
    // An assistant refusal is text the model said; keep it so the history reads as it happened.
    if (part.type === 'refusal') return nonBlank(String(part.refusal));
    throw invalidRequest(
      `Content parts of type '${part.type}' are not allowed here.`,
      `${param}[${partIndex}].type`,
    );
  });
}

/**
 * `cache_control` on an OpenAI content part (LiteLLM's convention) kept on the block it becomes, so
 * prompt caching reaches Claude (`cachePoint` after it on Converse).
 */
function withCacheControl<T extends { cache_control?: AnthropicCacheControl }>(
  blocks: T[],
  part: OpenAiContentPart,
): T[] {
  const cacheControl = (part as { cache_control?: unknown }).cache_control;
  if (cacheControl === null || typeof cacheControl !== 'object') return blocks;
  return blocks.map((block) => ({ ...block, cache_control: cacheControl as AnthropicCacheControl }));
}

function nonBlank(text: string): AnthropicTextBlock[] {
  return text.trim() === '' ? [] : [{ type: 'text', text }];
}

async function convertUserContent(
  content: string | OpenAiContentPart[],
  options: MessageOptions,
  param: string,
): Promise<UserBlock[]> {
  if (typeof content === 'string') return nonBlank(content);
  const blocks: UserBlock[] = [];
  for (const [partIndex, part] of content.entries()) {
    const partParam = `${param}[${partIndex}]`;
    if (part.type === 'text') {
      blocks.push(...withCacheControl(nonBlank(String(part.text)), part));
    } else if (part.type === 'image_url') {
      if (options.rejectImages) throw invalidRequest('This model does not accept image input.', partParam);
      const url = (part.image_url as { url: string }).url;
      const image = await convertOpenAiImageToAnthropic(url, options, `${partParam}.image_url.url`);
      blocks.push(...withCacheControl([image], part));
    } else if (part.type === 'file') {
      blocks.push(...withCacheControl([convertOpenAiFileToDocument(part, `${partParam}.file`)], part));
    } else {
      throw invalidRequest(
        `Content parts of type '${part.type}' are not supported by this model.`,
        `${partParam}.type`,
      );
    }
  }
  return blocks;
}

async function convertToolMessage(
  content: string | OpenAiContentPart[],
  toolCallId: string,
  options: MessageOptions,
  param: string,
): Promise<AnthropicToolResultBlock> {
  const blocks = await convertUserContent(content, options, param);
  const block: AnthropicToolResultBlock = { type: 'tool_result', tool_use_id: sanitizeToolUseId(toolCallId) };
  // A lone text stays a string (the common case); an empty result carries no content at all.
  if (blocks.length === 1 && blocks[0]?.type === 'text') block.content = blocks[0].text;
  else if (blocks.length > 0) block.content = blocks;
  return block;
}

function parseArguments(text: string, param: string): unknown {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidRequest('Tool call arguments must be a JSON object; this is not valid JSON.', param);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalidRequest('Tool call arguments must be a JSON object.', param);
  }
  return parsed;
}
