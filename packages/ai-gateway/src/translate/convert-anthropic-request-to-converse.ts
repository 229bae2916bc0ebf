import type {
  AnthropicCacheControl,
  AnthropicContentBlock,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicMessagesRequest,
  AnthropicTextBlock,
} from './anthropic-types';
import type {
  ConverseContentBlock,
  ConverseImageBlock,
  ConverseImageFormat,
  ConverseMessage,
  ConverseRequest,
  ConverseToolResultContent,
} from './converse-types';
import { convertAnthropicToolsToConverse } from './convert-anthropic-tools-to-converse';
import { convertDocumentToConverse } from './convert-document-to-converse';
import { invalidRequest } from './request-errors';

const CACHE_POINT = { cachePoint: { type: 'default' } } as const;
const IMAGE_FORMATS: readonly string[] = ['png', 'jpeg', 'gif', 'webp'] satisfies ConverseImageFormat[];

/**
 * Anthropic Messages request -> Bedrock Converse request body (model id goes in the URL path).
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 * Blank text is dropped and same-role turns merged (Converse rejects both); `cache_control` becomes a
 * `cachePoint` after the marked block; thinking and `top_k` go in `additionalModelRequestFields`,
 * which Bedrock passes to Claude as-is.
 */
export function convertAnthropicRequestToConverse(request: AnthropicMessagesRequest): ConverseRequest {
  const messages: ConverseMessage[] = [];
  for (const [index, message] of request.messages.entries()) {
    const content = convertContent(message.content, `messages[${index}].content`);
    if (content.length === 0) continue;
    const previous = messages.at(-1);
    if (previous?.role === message.role) previous.content.push(...content);
    else messages.push({ role: message.role, content });
  }

  const result: ConverseRequest = { messages };

  const system = convertSystem(request.system);
  if (system.length > 0) result.system = system;

  const inferenceConfig: NonNullable<ConverseRequest['inferenceConfig']> = { maxTokens: request.max_tokens };
  if (request.temperature !== undefined) inferenceConfig.temperature = request.temperature;
  if (request.top_p !== undefined) inferenceConfig.topP = request.top_p;
  const stops = request.stop_sequences?.filter((stop) => stop !== '');
  if (stops && stops.length > 0) inferenceConfig.stopSequences = stops;
  result.inferenceConfig = inferenceConfig;

  const toolConfig = convertAnthropicToolsToConverse(request, messages);
  if (toolConfig) result.toolConfig = toolConfig;

  const additional: Record<string, unknown> = {};
  // Thinking as the provider mapped it for the model (adaptive on 4.6+, a budget before).
  if (request.thinking?.type === 'enabled' || request.thinking?.type === 'adaptive') {
    additional.thinking = request.thinking;
  }
  if (request.top_k !== undefined) additional.top_k = request.top_k;
  if (Object.keys(additional).length > 0) result.additionalModelRequestFields = additional;

  return result;
}

function convertSystem(system: AnthropicMessagesRequest['system']): NonNullable<ConverseRequest['system']> {
  if (system === undefined) return [];
  const blocks: AnthropicTextBlock[] = typeof system === 'string' ? [{ type: 'text', text: system }] : system;
  return blocks.flatMap((block) =>
    block.text.trim() === '' ? [] : [{ text: block.text }, ...cachePointFor(block.cache_control)],
  );
}

function cachePointFor(cacheControl: AnthropicCacheControl | undefined): Array<typeof CACHE_POINT> {
  return cacheControl ? [CACHE_POINT] : [];
}

function convertContent(content: string | AnthropicContentBlock[], param: string): ConverseContentBlock[] {
  if (typeof content === 'string') return content.trim() === '' ? [] : [{ text: content }];
  return content.flatMap((block, index): ConverseContentBlock[] => {
    const blockParam = `${param}[${index}]`;
    switch (block.type) {
      case 'text':
        return block.text.trim() === '' ? [] : [{ text: block.text }, ...cachePointFor(block.cache_control)];
      case 'image':
        return [{ image: convertImage(block, blockParam) }, ...cachePointFor(block.cache_control)];
      case 'tool_use':
        return [
          { toolUse: { toolUseId: block.id, name: block.name, input: block.input ?? {} } },
          ...cachePointFor(block.cache_control),
        ];
      case 'tool_result':
        return [
          {
            toolResult: {
              toolUseId: block.tool_use_id,
              content: convertToolResultContent(block.content, blockParam),
              // `status` is a Claude-only field on Bedrock; send it only when it says something.
              ...(block.is_error ? { status: 'error' as const } : {}),
            },
          },
          ...cachePointFor(block.cache_control),
        ];
      case 'thinking':
        return [
          { reasoningContent: { reasoningText: { text: block.thinking, signature: block.signature } } },
        ];
      case 'redacted_thinking':
        return [{ reasoningContent: { redactedContent: block.data } }];
      case 'document':
        return [
          { document: convertDocumentToConverse(block, index, blockParam) },
          ...cachePointFor(block.cache_control),
        ];
      default:
        throw invalidRequest(
          `Content blocks of type '${(block as { type: string }).type}' are not supported by this model.`,
          `${blockParam}.type`,
        );
    }
  });
}

function convertToolResultContent(
  content: string | Array<AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock> | undefined,
  param: string,
): ConverseToolResultContent[] {
  if (content === undefined || content === '') return [];
  if (typeof content === 'string') return [{ text: content }];
  return content.flatMap((block, index): ConverseToolResultContent[] => {
    if (block.type === 'text') return block.text.trim() === '' ? [] : [{ text: block.text }];
    if (block.type === 'document') {
      return [{ document: convertDocumentToConverse(block, index, `${param}.content[${index}]`) }];
    }
    return [{ image: convertImage(block, `${param}.content[${index}]`) }];
  });
}

function convertImage(block: AnthropicImageBlock, param: string): ConverseImageBlock {
  if (block.source.type !== 'base64') {
    throw invalidRequest(
      'Image URLs are not supported for this model; send the image as base64 data.',
      `${param}.source`,
    );
  }
  const format = block.source.media_type.replace(/^image\//, '').toLowerCase();
  if (!IMAGE_FORMATS.includes(format)) {
    throw invalidRequest(
      `Image type '${block.source.media_type}' is not supported; use png, jpeg, gif or webp.`,
      param,
    );
  }
  return { format: format as ConverseImageFormat, source: { bytes: block.source.data } };
}
