/**
 * What Bedrock accepts in an Anthropic Claude InvokeModel body. This is the emulator's own copy (the
 * gateway keeps its own list): the emulator refuses what AWS refuses, so gateway tests fail as they would
 * against AWS.
 */

/** Where the lists below come from. */
export const BEDROCK_ANTHROPIC_RULES_SOURCES = [
  'https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html',
  'https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-tool-use.html',
  'https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-extended-thinking.html',
  'https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-adaptive-thinking.html',
] as const;

/**
 * Top-level keys of an Anthropic Messages invoke body. Anything else is
 * `#: extraneous key [name] is not permitted`. `metadata` takes only `user_id` (BerriAI/litellm#30629:
 * `metadata.tags: Extra inputs are not permitted`); `output_config` carries `effort` (effort beta) and
 * `context_management` the tool-result clearing edits (context-management beta).
 */
export const BEDROCK_ANTHROPIC_INVOKE_KEYS: readonly string[] = [
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
  'metadata',
  'output_config',
  'context_management',
];

/**
 * `anthropic_beta` values Bedrock accepts for Claude (AWS "Request and Response" and "tool use" pages;
 * the same list LiteLLM keeps from those pages, BerriAI/litellm#19877). Any other value is
 * `400 ValidationException: invalid beta flag` (anthropics/claude-code#49370, #56595).
 */
export const BEDROCK_ACCEPTED_ANTHROPIC_BETAS: readonly string[] = [
  'computer-use-2024-10-22',
  'computer-use-2025-01-24',
  'computer-use-2025-11-24',
  'token-efficient-tools-2025-02-19',
  'fine-grained-tool-streaming-2025-05-14',
  'interleaved-thinking-2025-05-14',
  'dev-full-thinking-2025-05-14',
  'output-128k-2025-02-19',
  'context-1m-2025-08-07',
  'context-management-2025-06-27',
  'effort-2025-11-24',
  'tool-search-tool-2025-10-19',
  'tool-examples-2025-10-29',
];

/** Bedrock's own wording for a beta it does not know. */
export const INVALID_BETA_MESSAGE = 'invalid beta flag';
