import { z } from 'zod';
import { AwsBedrockFieldsSchema, AwsBedrockSettingsSchema } from './aws-bedrock-settings-schema';
import { CallerPassthroughSchema } from './caller-passthrough-schema';
import { checkTargets, MAX_TARGETS, TARGET_NAME_PATTERN } from './definition-targets';

/**
 * A custom LLM definition as stored in `custom_llm2.definition`. A compatible superset of the
 * original schema: every object is strict (unknown keys are refused with their path), `aws_bedrock`
 * routes the model to Bedrock, and `aliases` lets other model names resolve here.
 */
export const API_ADAPTERS = [
  'openai-completions',
  'anthropic-messages',
  'bedrock-converse',
  'openai-responses',
] as const;
export const ApiAdapterSchema = z.enum(API_ADAPTERS);
export type ApiAdapter = z.infer<typeof ApiAdapterSchema>;

const positiveInt = z.number().int('must be a whole number').positive('must be greater than 0');

const HttpUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as "https://api.example.com/v1"' })
  .refine((value) => !/[?#]/.test(value), 'must not contain a query or fragment');

/** Dollars per token as a decimal string (`"0.000003"` = $3 per million), as in the original schema. */
const PricePerTokenSchema = z.union([
  z.string().regex(/^\d+(\.\d+)?(e-?\d+)?$/i, 'must be a non-negative decimal number of dollars per token'),
  z.number().nonnegative(),
]);

export const CustomLlmPricingSchema = z.strictObject({
  prompt: PricePerTokenSchema,
  completion: PricePerTokenSchema,
  input_cache_read: PricePerTokenSchema.optional(),
  input_cache_write: PricePerTokenSchema.optional(),
});
export type CustomLlmPricing = z.infer<typeof CustomLlmPricingSchema>;

/** Overrides what the gateway derives from the model id (new models, application-inference-profile ARNs). */
export const ModelCapabilitiesSchema = z.strictObject({
  thinking: z.enum(['none', 'budget', 'adaptive']).optional(),
  images: z.boolean().optional(),
  documents: z.boolean().optional(),
  prompt_caching: z.boolean().optional(),
});

export const DEFINITION_MODES = ['chat', 'embedding'] as const;
export const DefinitionModeSchema = z.enum(DEFINITION_MODES);
export type DefinitionMode = z.infer<typeof DefinitionModeSchema>;

/** What a definition serves: chat (the default) or embeddings. */
export function modeOf(definition: { mode?: DefinitionMode | undefined }): DefinitionMode {
  return definition.mode ?? 'chat';
}

export const OpenClawSettingsSchema = z.strictObject({ api_adapter: ApiAdapterSchema.optional() });
export const OpenCodeSettingsSchema = z.strictObject({ ai_sdk_provider: z.string().min(1).optional() });

/** CR/LF and other controls would split or corrupt the upstream request (tab is legal in a value). */
const hasNoControlCharacters = (value: string) =>
  !Array.from(value).some((character) => {
    const code = character.charCodeAt(0);
    return (code < 32 && code !== 9) || code === 127;
  });

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The fields that say where and how to call an upstream: what a target may set for itself. */
const upstreamFields = {
  internal_id: z.string().trim().min(1, 'must not be empty'),
  base_url: HttpUrlSchema.optional(),
  api_key: z.string().optional(),
  extra_headers: z
    .record(
      z.string().regex(HEADER_NAME, 'is not a valid header name'),
      z.string().refine(hasNoControlCharacters, 'must not contain control characters such as CR or LF'),
    )
    .optional(),
  extra_body: z.record(z.string(), z.unknown()).optional(),
  remove_from_body: z.array(z.string().min(1, 'must not be empty')).optional(),
  openclaw_settings: OpenClawSettingsSchema.optional(),
  /** Which caller betas and top-level body fields reach this upstream (caller-passthrough-schema.ts). */
  caller_passthrough: CallerPassthroughSchema.optional(),
};

/**
 * One upstream of a definition with several (DESIGN.md `targets`). Every upstream field it omits
 * is taken from the top level; `aws_bedrock` merges field by field (an auth field replaces the
 * whole auth choice), and `aws_bedrock: null` makes a target of a Bedrock definition a non-Bedrock one.
 */
export const CustomLlmTargetSchema = z.strictObject({
  name: z
    .string()
    .max(64, 'must be at most 64 characters')
    .regex(TARGET_NAME_PATTERN, 'must be lower-case letters, digits and "-"'),
  /** Share of traffic among the healthy targets of the same priority (default 1). */
  weight: z.number().positive('must be greater than 0').finite().optional(),
  /** Lower is tried first; a higher priority only takes traffic when every lower one is down (default 0). */
  priority: z.number().int('must be a whole number').optional(),
  ...upstreamFields,
  internal_id: upstreamFields.internal_id.optional(),
  aws_bedrock: AwsBedrockFieldsSchema.nullable().optional(),
});
export type CustomLlmTarget = z.infer<typeof CustomLlmTargetSchema>;

export const CustomLlmDefinitionSchema = z
  .strictObject({
    ...upstreamFields,
    display_name: z.string().optional(),
    context_length: positiveInt.optional(),
    max_completion_tokens: positiveInt.optional(),
    organization_ids: z.array(z.string()).optional(),
    aliases: z.array(z.string().trim().min(1, 'must not be empty')).optional(),
    supports_image_input: z.boolean().optional(),
    /** Lets image parts with http(s) URLs be fetched by the gateway (off: such parts are refused). */
    allow_image_urls: z.boolean().optional(),
    add_cache_breakpoints: z.boolean().optional(),
    inject_reasoning_into_content: z.boolean().optional(),
    reasoning_summary: z.enum(['auto', 'concise', 'detailed']).optional(),
    opencode_settings: OpenCodeSettingsSchema.optional(),
    pricing: CustomLlmPricingSchema.optional(),
    capabilities: ModelCapabilitiesSchema.optional(),
    aws_bedrock: AwsBedrockSettingsSchema.optional(),
    targets: z
      .array(CustomLlmTargetSchema)
      .min(1, 'must list at least one target (or leave targets out)')
      .max(MAX_TARGETS, `must list at most ${MAX_TARGETS} targets`)
      .optional(),
    /** Other public ids tried in order when every target failed with a retryable error. */
    fallbacks: z
      .array(z.string().trim().min(1, 'must not be empty'))
      .max(8, 'must list at most 8')
      .optional(),
    /** `embedding` definitions serve `/v1/embeddings` only; `chat` (the default) every other route. */
    mode: DefinitionModeSchema.optional(),
  })
  .superRefine((definition, context) => {
    if (definition.targets === undefined) checkUpstreamRules(definition, [], context);
    else checkTargets(definition, definition.targets, context, checkUpstreamRules);
    const seen = new Set<string>();
    definition.fallbacks?.forEach((fallback, index) => {
      if (seen.has(fallback)) {
        context.addIssue({
          code: 'custom',
          path: ['fallbacks', index],
          message: `lists "${fallback}" twice`,
        });
      }
      seen.add(fallback);
    });
  });

/** The rules one upstream (the top level, or a target with the top level applied) must follow. */
function checkUpstreamRules(
  definition: {
    aws_bedrock?: unknown;
    base_url?: string | undefined;
    openclaw_settings?: { api_adapter?: ApiAdapter | undefined } | undefined;
  },
  path: (string | number)[],
  context: z.RefinementCtx,
): void {
  if (definition.aws_bedrock === undefined && definition.base_url === undefined) {
    context.addIssue({
      code: 'custom',
      path: [...path, 'base_url'],
      message: 'is required unless aws_bedrock is set',
    });
  }
  const adapter = definition.openclaw_settings?.api_adapter;
  if (adapter === 'bedrock-converse' && definition.aws_bedrock === undefined) {
    context.addIssue({
      code: 'custom',
      path: [...path, 'openclaw_settings', 'api_adapter'],
      message: '"bedrock-converse" needs an aws_bedrock block',
    });
  }
  if (
    definition.aws_bedrock !== undefined &&
    (adapter === 'openai-completions' || adapter === 'openai-responses')
  ) {
    context.addIssue({
      code: 'custom',
      path: [...path, 'openclaw_settings', 'api_adapter'],
      message: `Bedrock speaks "anthropic-messages" (invoke) or "bedrock-converse", not "${adapter}"`,
    });
  }
}

export type CustomLlmDefinition = z.infer<typeof CustomLlmDefinitionSchema>;

/** The wire format the upstream speaks; Bedrock defaults to Claude through `invoke`. */
export function apiAdapterOf(definition: CustomLlmDefinition): ApiAdapter {
  return (
    definition.openclaw_settings?.api_adapter ??
    (definition.aws_bedrock ? 'anthropic-messages' : 'openai-completions')
  );
}
