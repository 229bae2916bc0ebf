import type { GatewayLogger } from '../gateway-deps';
import type {
  AnthropicContentBlock,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicMessageParam,
  AnthropicTextBlock,
} from '../translate/anthropic-types';
import { invalidRequest, unsupportedParameter } from '../translate/request-errors';
import { sanitizeToolUseId } from '../translate/sanitize-tool-use-id';
import { findFlatName, type ToolOrigin } from './flatten-responses-tools';
import type { ResponsesContentPart, ResponsesInputItem } from './parse-responses-request';
import type { ReasoningSealer } from './reasoning-sealing';

export type ConvertItemsOptions = {
  toolNames: ReadonlyMap<string, ToolOrigin>;
  sealer: ReasoningSealer;
  logger?: GatewayLogger | undefined;
};

type ToolOutput = Extract<ResponsesInputItem, { type: 'function_call_output' }>['output'];

/**
 * Responses input items -> Anthropic system text and alternating messages
 * (https://platform.openai.com/docs/api-reference/responses/create#responses-create-input).
 * `history` (from `previous_response_id`) comes first; errors name the caller's own `input[i]`.
 * System and developer messages before the conversation become the system prompt; later ones a
 * user text, as Anthropic has no system turn. Consecutive items of one role share a message, so a
 * reasoning item lands in front of the tool call it preceded. Reasoning the gateway cannot open is
 * left out with a debug line.
 */
export async function convertResponsesItemsToAnthropic(
  history: readonly ResponsesInputItem[],
  input: readonly ResponsesInputItem[],
  options: ConvertItemsOptions,
): Promise<{ system: AnthropicTextBlock[]; messages: AnthropicMessageParam[] }> {
  const system: AnthropicTextBlock[] = [];
  const messages: AnthropicMessageParam[] = [];
  const callIds = new Set<string>();
  const push = (role: 'user' | 'assistant', blocks: AnthropicContentBlock[]) => {
    if (blocks.length === 0) return;
    const last = messages.at(-1);
    if (last?.role === role && Array.isArray(last.content)) last.content.push(...blocks);
    else messages.push({ role, content: [...blocks] });
  };

  const all = [...history, ...input];
  for (const [position, item] of all.entries()) {
    const param = position >= history.length ? `input[${position - history.length}]` : 'previous_response_id';
    switch (item.type) {
      case undefined:
      case 'message': {
        const message = item as Extract<ResponsesInputItem, { role: string }>;
        const blocks = convertContent(message.content, `${param}.content`);
        if (message.role === 'system' || message.role === 'developer') {
          const texts = blocks.filter((block): block is AnthropicTextBlock => block.type === 'text');
          if (messages.length === 0) system.push(...texts);
          else push('user', texts);
        } else push(message.role, blocks);
        break;
      }
      case 'function_call':
      case 'custom_tool_call': {
        const callId = sanitizeToolUseId(item.call_id);
        callIds.add(callId);
        const name =
          findFlatName(options.toolNames, item.name, item.namespace) ??
          sanitizeToolUseId(item.namespace ? `${item.namespace}__${item.name}` : item.name);
        const toolInput =
          item.type === 'custom_tool_call' ? { input: item.input } : parseArguments(item.arguments, param);
        push('assistant', [{ type: 'tool_use', id: callId, name, input: toolInput }]);
        break;
      }
      case 'function_call_output':
      case 'custom_tool_call_output': {
        const callId = sanitizeToolUseId(item.call_id);
        if (!callIds.has(callId)) {
          throw invalidRequest(
            `No tool call with call_id '${item.call_id}' comes before this output.`,
            `${param}.call_id`,
          );
        }
        push('user', [{ type: 'tool_result', tool_use_id: callId, content: toolResult(item.output, param) }]);
        break;
      }
      case 'reasoning': {
        const block = item.encrypted_content ? await options.sealer.open(item.encrypted_content) : undefined;
        if (block) push('assistant', [block]);
        else options.logger?.debug?.({ param }, 'responses: reasoning item that does not open left out');
        break;
      }
    }
  }
  return { system, messages };
}

function parseArguments(text: string, param: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw invalidRequest('arguments must be a JSON object.', `${param}.arguments`);
  }
}

function toolResult(
  output: ToolOutput,
  param: string,
): string | Array<AnthropicTextBlock | AnthropicImageBlock> {
  if (typeof output === 'string') return output;
  return convertContent(output, `${param}.output`).filter(
    (block): block is AnthropicTextBlock | AnthropicImageBlock =>
      block.type === 'text' || block.type === 'image',
  );
}

function convertContent(
  content: string | readonly ResponsesContentPart[],
  param: string,
): AnthropicContentBlock[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content.flatMap((part, index): AnthropicContentBlock[] => {
    const where = `${param}[${index}]`;
    switch (part.type) {
      case 'input_text':
      case 'output_text':
        return part.text === '' ? [] : [{ type: 'text', text: part.text }];
      case 'refusal':
        return [{ type: 'text', text: part.refusal }];
      case 'input_image':
        return [{ type: 'image', source: imageSource(part.image_url, where) }];
      case 'input_file':
        return [fileBlock(part, where)];
      default:
        return [];
    }
  });
}

function imageSource(url: string | null | undefined, param: string): AnthropicImageBlock['source'] {
  if (!url)
    throw unsupportedParameter(`${param}.file_id`, 'send images as image_url (a data: or https: URL).');
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (data) return { type: 'base64', media_type: data[1] ?? 'image/png', data: data[2] ?? '' };
  if (/^https?:\/\//.test(url)) return { type: 'url', url };
  throw invalidRequest('image_url must be a data: or http(s): URL.', `${param}.image_url`);
}

/**
 * A PDF sent inline becomes a `document` block (Claude reads it; the pivot's other encoders carry
 * it to Converse and OpenAI-compatible upstreams: translate/convert-document-to-converse.ts,
 * translate/convert-anthropic-request-to-openai.ts). Text files are read into the prompt.
 */
function fileBlock(
  part: Extract<ResponsesContentPart, { type: 'input_file' }>,
  param: string,
): AnthropicTextBlock | AnthropicDocumentBlock {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(part.file_data ?? '');
  const mediaType = match?.[1] ?? '';
  if (match && mediaType === 'application/pdf') {
    return {
      type: 'document',
      source: { type: 'base64', media_type: mediaType, data: match[2] ?? '' },
      ...(part.filename ? { title: part.filename } : {}),
    };
  }
  if (!match || !/^(text\/|application\/(json|xml|x-yaml|yaml))/.test(mediaType)) {
    throw unsupportedParameter(
      `${param}.file_data`,
      'only PDF and text files sent inline as a data: URL (application/pdf, text/*, JSON, XML, YAML) are supported.',
    );
  }
  const text = new TextDecoder().decode(Uint8Array.from(atob(match[2] ?? ''), (c) => c.charCodeAt(0)));
  return { type: 'text', text: part.filename ? `<file name="${part.filename}">\n${text}\n</file>` : text };
}
