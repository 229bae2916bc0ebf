import { thinkingBlocksInHistory } from '../anthropic/thinking-history';
import { isValidThinkingSignature } from '../reply/thinking-signature';
import {
  BEDROCK_ACCEPTED_ANTHROPIC_BETAS,
  BEDROCK_ANTHROPIC_INVOKE_KEYS,
  INVALID_BETA_MESSAGE,
} from './bedrock-anthropic-rules';
import type { ThinkingSupport } from './bedrock-model-id';
import { extraneousKeys, jsonTypeName, malformedInput } from './json-schema-wording';

export const BEDROCK_ANTHROPIC_VERSION = 'bedrock-2023-05-31';
const MIN_THINKING_BUDGET = 1024;

/**
 * Validates an Anthropic-on-Bedrock body the way Bedrock does: first its JSON schema (Bedrock's
 * wording, violations concatenated), then the version, the betas and Claude's own rules (Claude's
 * `path: message` wording, which Bedrock passes through).
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
 * Returns the ValidationException message, or undefined when the body is acceptable.
 */
export function validateAnthropicInvokeBody(
  body: Record<string, unknown> | undefined,
  thinkingSupport: ThinkingSupport = 'budget-and-adaptive',
): string | undefined {
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
  if ('anthropic_beta' in body && !Array.isArray(body.anthropic_beta)) {
    violations.push(
      `#/anthropic_beta: expected type: JSONArray, found: ${jsonTypeName(body.anthropic_beta)}`,
    );
  }
  violations.push(...extraneousKeys(body, BEDROCK_ANTHROPIC_INVOKE_KEYS));
  if (violations.length > 0) return malformedInput(violations);
  if (body.anthropic_version !== BEDROCK_ANTHROPIC_VERSION) {
    return `Invalid API version: ${String(body.anthropic_version)}`;
  }
  return (
    checkBetas(body.anthropic_beta) ??
    checkRoles(body.messages as unknown[]) ??
    checkMetadata(body.metadata) ??
    checkThinking(body, thinkingSupport) ??
    checkThinkingSignatures(body.messages) ??
    checkToolLoopThinking(body)
  );
}

function checkBetas(betas: unknown): string | undefined {
  if (betas === undefined) return undefined;
  const unknown = (betas as unknown[]).some(
    (beta) => typeof beta !== 'string' || !BEDROCK_ACCEPTED_ANTHROPIC_BETAS.includes(beta),
  );
  return unknown ? INVALID_BETA_MESSAGE : undefined;
}

/** Claude takes only user and assistant turns; a system prompt belongs in the top-level `system`. */
function checkRoles(messages: unknown[]): string | undefined {
  for (const [index, message] of messages.entries()) {
    const role = (message as { role?: unknown } | null)?.role;
    if (role !== 'user' && role !== 'assistant') {
      return `messages.${index}.role: Input should be 'user' or 'assistant'`;
    }
  }
  return undefined;
}

function checkMetadata(metadata: unknown): string | undefined {
  if (metadata === undefined) return undefined;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    return 'metadata: Input should be a valid dictionary or object to extract fields from';
  }
  const extra = Object.keys(metadata).find((key) => key !== 'user_id');
  return extra === undefined ? undefined : `metadata.${extra}: Extra inputs are not permitted`;
}

function checkThinking(body: Record<string, unknown>, support: ThinkingSupport): string | undefined {
  const thinking = body.thinking as { type?: unknown; budget_tokens?: unknown } | undefined;
  if (thinking === undefined) return undefined;
  const type = thinking?.type;
  if (type === 'disabled') return undefined;
  if (type !== 'enabled' && type !== 'adaptive') {
    return `thinking: Input tag '${String(type)}' found using 'type' does not match any of the expected tags: 'disabled', 'enabled', 'adaptive'`;
  }
  if (support === 'none') return 'thinking: Extra inputs are not permitted';
  if (type === 'adaptive') {
    return support === 'budget'
      ? 'thinking.type: adaptive thinking is not supported on this model; use {"type": "enabled", "budget_tokens": N}'
      : undefined;
  }
  if (support === 'adaptive') {
    return 'thinking.type.enabled: thinking type "enabled" is not supported for this model; use {"type": "adaptive"}';
  }
  const budget = thinking.budget_tokens;
  if (!Number.isInteger(budget)) return 'thinking.enabled.budget_tokens: Field required';
  if ((budget as number) < MIN_THINKING_BUDGET) {
    return `thinking.enabled.budget_tokens: Input should be greater than or equal to ${MIN_THINKING_BUDGET}`;
  }
  if ((body.max_tokens as number) <= (budget as number)) {
    return '`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size';
  }
  return undefined;
}

/** Thinking blocks sent back must carry the signature the model gave them, unchanged. */
function checkThinkingSignatures(messages: unknown): string | undefined {
  for (const block of thinkingBlocksInHistory(messages)) {
    const path = `messages.${block.messageIndex}.content.${block.blockIndex}`;
    if (typeof block.signature !== 'string') return `${path}.thinking.signature: Field required`;
    if (typeof block.thinking !== 'string') return `${path}.thinking.thinking: Field required`;
    if (!isValidThinkingSignature(block.thinking, block.signature)) {
      return `${path}: Invalid \`signature\` in \`thinking\` block`;
    }
  }
  return undefined;
}

type Turn = { role?: unknown; content?: unknown };

/**
 * With thinking on, the assistant turn of a running tool loop must start with its thinking block
 * (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#preserving-thinking-blocks).
 */
function checkToolLoopThinking(body: Record<string, unknown>): string | undefined {
  const type = (body.thinking as { type?: unknown } | undefined)?.type;
  if (type !== 'enabled' && type !== 'adaptive') return undefined;
  const messages = Array.isArray(body.messages) ? (body.messages as Turn[]) : [];
  const last = messages.at(-1);
  const previous = messages.at(-2);
  const lastBlocks = Array.isArray(last?.content) ? (last.content as { type?: unknown }[]) : [];
  if (last?.role !== 'user' || !lastBlocks.some((block) => block?.type === 'tool_result')) return undefined;
  const first = Array.isArray(previous?.content) ? (previous.content as { type?: unknown }[])[0] : undefined;
  if (previous?.role !== 'assistant' || first?.type === 'thinking' || first?.type === 'redacted_thinking') {
    return undefined;
  }
  return `messages.${messages.length - 2}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first?.type)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block.`;
}
