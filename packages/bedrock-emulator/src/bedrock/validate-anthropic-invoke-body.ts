import { emulatorThinkingSignature } from '../reply/reply-plan';

/** The only keys Bedrock accepts in an Anthropic InvokeModel body. */
const ALLOWED_KEYS = new Set([
  'anthropic_version',
  'anthropic_beta',
  'max_tokens',
  'messages',
  'system',
  'stop_sequences',
  'temperature',
  'top_p',
  'top_k',
  'tools',
  'tool_choice',
  'thinking',
]);

export const BEDROCK_ANTHROPIC_VERSION = 'bedrock-2023-05-31';

/**
 * Validates an Anthropic-on-Bedrock body the way Bedrock does, with its JSON-schema wording
 * (violations concatenated, e.g. `#: extraneous key [stream] is not permitted`).
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
 * Returns the ValidationException message, or undefined when the body is acceptable.
 */
export function validateAnthropicInvokeBody(body: Record<string, unknown> | undefined): string | undefined {
  if (!body) return 'Malformed input request, please reformat your input and try again.';
  const violations: string[] = [];
  if (!('anthropic_version' in body)) violations.push('#: required key [anthropic_version] not found');
  if (!('messages' in body))
    violations.push('#: subject must not be valid against schema {"required":["messages"]}');
  else if (!Array.isArray(body.messages)) {
    violations.push(`#/messages: expected type: JSONArray, found: ${jsonTypeName(body.messages)}`);
  }
  if (!('max_tokens' in body)) violations.push('#: required key [max_tokens] not found');
  else if (!Number.isInteger(body.max_tokens)) {
    violations.push(`#/max_tokens: expected type: Integer, found: ${jsonTypeName(body.max_tokens)}`);
  } else if ((body.max_tokens as number) < 1) violations.push('#/max_tokens: 0 is not greater or equal to 1');
  for (const key of Object.keys(body)) {
    if (!ALLOWED_KEYS.has(key)) violations.push(`#: extraneous key [${key}] is not permitted`);
  }
  if (violations.length > 0) {
    return `Malformed input request: ${violations.join('')}, please reformat your input and try again.`;
  }
  if (body.anthropic_version !== BEDROCK_ANTHROPIC_VERSION) {
    return `Invalid API version: ${String(body.anthropic_version)}`;
  }
  return thinkingProblem(body);
}

type Message = { role?: unknown; content?: unknown };
type Block = { type?: unknown; thinking?: unknown; signature?: unknown };

/**
 * Claude's thinking rules (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking):
 * a thinking block must carry the signature Claude gave it, and with thinking on, the assistant
 * turn of a running tool loop must start with its thinking block.
 */
function thinkingProblem(body: Record<string, unknown>): string | undefined {
  const messages = Array.isArray(body.messages) ? (body.messages as Message[]) : [];
  for (const [index, message] of messages.entries()) {
    const blocks = Array.isArray(message.content) ? (message.content as Block[]) : [];
    for (const [position, block] of blocks.entries()) {
      if (
        block?.type === 'thinking' &&
        (typeof block.thinking !== 'string' || block.signature !== emulatorThinkingSignature(block.thinking))
      ) {
        return `messages.${index}.content.${position}: Invalid \`signature\` in \`thinking\` block`;
      }
    }
  }
  const thinkingOn = ['enabled', 'adaptive'].includes(String((body.thinking as Block | undefined)?.type));
  const last = messages.at(-1);
  const lastBlocks = Array.isArray(last?.content) ? (last.content as Block[]) : [];
  const previous = messages.at(-2);
  if (thinkingOn && last?.role === 'user' && lastBlocks.some((block) => block?.type === 'tool_result')) {
    const first = Array.isArray(previous?.content) ? (previous.content as Block[])[0] : undefined;
    if (previous?.role === 'assistant' && first?.type !== 'thinking' && first?.type !== 'redacted_thinking') {
      return `messages.${messages.length - 2}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first?.type)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block.`;
    }
  }
  return undefined;
}

function jsonTypeName(value: unknown): string {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'JSONArray';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'BigDecimal';
  if (typeof value === 'boolean') return 'Boolean';
  return 'JSONObject';
}
