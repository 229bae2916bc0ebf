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

/**
 * Betas Claude clients send under the Anthropic API's name where Bedrock has its own: Claude Code's
 * tool search is `advanced-tool-use-2025-11-20` on the Claude API and `tool-search-tool-2025-10-19`
 * on Bedrock and Vertex (Claude Code's own `constants/betas.ts`).
 */
export const BEDROCK_BETA_ALIASES: Readonly<Record<string, string>> = {
  'advanced-tool-use-2025-11-20': 'tool-search-tool-2025-10-19',
};

/** A Claude model as the beta rules see it (from `claudeFamilyOf`). */
export type BetaModel = { tier: 'opus' | 'sonnet' | 'haiku'; version: number };

/**
 * Betas that only some Claude models take; Bedrock answers `invalid beta flag` (or a model error)
 * for the others. A beta not named here is accepted on every model that takes betas at all.
 * Sources (read 2026-11-30): Anthropic's "Context windows" page (1M context: Sonnet 4 and 4.5, and
 * the 4.6 generation), "Effort" (Opus 4.5, then every 4.6+ model), "Computer use tool" (tool
 * versions per model), "Tool search tool" (Opus/Sonnet 4.5+, not Haiku), "Extended thinking"
 * (interleaved thinking on Claude 4+; `output-128k` and `token-efficient-tools` are 3.7 Sonnet's),
 * "Context editing" (Claude 4+).
 */
export const BEDROCK_BETA_MODELS: Readonly<Record<string, (model: BetaModel) => boolean>> = {
  'context-1m-2025-08-07': ({ tier, version }) =>
    (tier === 'sonnet' && (version === 4 || version === 4.5)) || version >= 4.6,
  'effort-2025-11-24': ({ tier, version }) => (tier === 'opus' && version >= 4.5) || version >= 4.6,
  'computer-use-2025-11-24': ({ tier, version }) => (tier === 'opus' && version >= 4.5) || version >= 4.6,
  'computer-use-2025-01-24': ({ version }) => version >= 3.7,
  'computer-use-2024-10-22': ({ tier, version }) => tier === 'sonnet' && version === 3.5,
  'interleaved-thinking-2025-05-14': ({ version }) => version >= 4,
  'dev-full-thinking-2025-05-14': ({ version }) => version >= 4,
  'context-management-2025-06-27': ({ version }) => version >= 4,
  'output-128k-2025-02-19': ({ version }) => version === 3.7,
  'token-efficient-tools-2025-02-19': ({ version }) => version === 3.7,
  'tool-search-tool-2025-10-19': ({ tier, version }) => tier !== 'haiku' && version >= 4.5,
  'tool-examples-2025-10-29': ({ tier, version }) => tier !== 'haiku' && version >= 4.5,
};

/**
 * Typed tools Claude on Bedrock runs: the client tools (the caller executes them; Bedrock's tool-use
 * page lists computer use, bash and text editor; memory and tool search ride on their betas). Server
 * tools Anthropic runs on its own side (web search, web fetch, code execution, MCP connector) are not
 * offered on Bedrock.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-tool-use.html
 */
export const BEDROCK_TOOL_TYPE_PREFIXES: readonly string[] = [
  'bash_',
  'text_editor_',
  'computer_',
  'memory_',
  'tool_search_tool_',
];

/** `output_config.effort` is Opus 4.5's and every 4.6+ model's (Anthropic's "Effort" page). */
export const takesEffort = ({ tier, version }: BetaModel) =>
  (tier === 'opus' && version >= 4.5) || version >= 4.6;
