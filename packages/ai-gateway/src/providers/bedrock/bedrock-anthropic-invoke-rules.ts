/**
 * What Bedrock's InvokeModel accepts in a Claude (Anthropic Messages) body, kept in one place with
 * its sources. Bedrock refuses a body with any other top-level key ("extraneous key [x] is not
 * permitted") and any beta it does not know ("invalid beta flag"), so the gateway drops those
 * instead of letting a newer client's request fail.
 *
 * Sources (read 2026-11-30):
 * - https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
 *   (request body fields, `anthropic_beta`)
 * - https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-extended-thinking.html
 *   and …/claude-messages-adaptive-thinking.html (`thinking`, `output_config.effort`)
 * - https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-tool-use.html (tool betas)
 * - the beta table as quoted in BerriAI/litellm PR #19877 (the AWS table itself could not be read here)
 */
export const BEDROCK_INVOKE_BODY_KEYS: ReadonlySet<string> = new Set([
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
]);

export const BEDROCK_ACCEPTED_BETAS: ReadonlySet<string> = new Set([
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
]);
