import { z } from 'zod';

/**
 * `caller_passthrough`: which of the caller's beta flags and top-level body fields reach the
 * upstream (issue 17, finding 11). The Messages and Chat endpoints are forward-compatible (issue
 * 12: an unknown field or beta is not refused), but that must not mean "anything goes": some
 * fields and betas make the upstream act outside the gateway's control (connect to servers the
 * caller names, reuse containers and files of the upstream account, buy another service tier).
 *
 * Rules, the same for `betas` and `fields`:
 * - neither list set: everything passes except the default deny list below;
 * - `deny` set: it replaces the default deny list (`deny: []` forwards everything);
 * - `allow` set: only what it matches passes (the default deny list no longer applies);
 * - both set: what `allow` matches passes unless `deny` matches it too (deny wins).
 * An entry is an exact name or a prefix ending in `*` (`mcp-client-*`). Betas compare without
 * case; field names exactly. A target's own `caller_passthrough` replaces the top level's.
 * The default field list applies to Messages, Chat Completions and count_tokens bodies; on other
 * operations (Bedrock-native, embeddings, a Responses pass-through, where `store` means the
 * opposite by default) only explicit `fields` lists apply. Beta defaults apply everywhere.
 */
export const DEFAULT_DENIED_BETAS: readonly string[] = [
  // MCP connector: the upstream connects to any MCP server URL the caller names, with its tokens.
  'mcp-client-*',
  // Files API: `file_id` sources read files stored under the upstream account (anyone's uploads).
  'files-api-*',
  // Code execution and Agent Skills: code runs in upstream containers billed per hour, outside
  // the gateway's token accounting, and can read the account's files.
  'code-execution-*',
  'skills-*',
];

export const DEFAULT_DENIED_FIELDS: readonly string[] = [
  // Anthropic Messages: the MCP connector's servers (URLs and tokens the upstream calls).
  'mcp_servers',
  // Anthropic Messages: reuses a code-execution container (and its files, skills) by id.
  'container',
  // Anthropic and OpenAI: priority / scale / flex capacity of the upstream account, priced
  // differently from the definition's `pricing`. An admin who wants it sets it in `extra_body`.
  'service_tier',
  // OpenAI Chat Completions: keeps the conversation in the upstream account's stored completions
  // (visible to that account's members, used for evals and distillation).
  'store',
  // OpenRouter: a list of other models to fall back to, so the caller picks models the
  // definition does not name (and its price does not cover).
  'models',
];

const MAX_ENTRIES = 64;

const entry = (what: 'beta' | 'field') =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(128, 'must be at most 128 characters')
    .refine(
      (value) => value.indexOf('*') === -1 || value.indexOf('*') === value.length - 1,
      `must be a ${what} name, or a prefix ending in "*"`,
    );

const listOf = (what: 'beta' | 'field') =>
  z.array(entry(what)).max(MAX_ENTRIES, `must list at most ${MAX_ENTRIES}`).optional();

const PassthroughListsSchema = (what: 'beta' | 'field') =>
  z.strictObject({ allow: listOf(what), deny: listOf(what) });

export const CallerPassthroughSchema = z.strictObject({
  /** Values of the caller's `anthropic-beta` / `openai-beta` headers and of a body `anthropic_beta`. */
  betas: PassthroughListsSchema('beta').optional(),
  /** Top-level keys of the request body (before the definition's `extra_body`). */
  fields: PassthroughListsSchema('field').optional(),
});
export type CallerPassthrough = z.infer<typeof CallerPassthroughSchema>;
export type PassthroughLists = NonNullable<CallerPassthrough['betas']>;
