/**
 * `@gateway/ai-gateway/definition`: what the admin console (browser code), the CLI and the admin
 * API need to write definitions — the schema, its JSON Schema, validation with paths, and the
 * Bedrock model catalog for suggestions and warnings. Pure: no I/O, safe in a client bundle.
 */

export type { BedrockClaudeModel, BedrockProfileGeography } from '../providers/bedrock/bedrock-model-catalog';
export {
  anthropicAliasesFor,
  BEDROCK_CLAUDE_MODELS,
  BEDROCK_PROFILE_PREFIXES,
  baseModelId,
  findBedrockModel,
  inferenceProfileIdFor,
  inferenceProfileWarning,
} from '../providers/bedrock/bedrock-model-catalog';
export * from './aws-bedrock-settings-schema';
export * from './caller-passthrough-schema';
export * from './custom-llm-definition-schema';
export * from './definition-json-schema';
export * from './definition-targets';
export * from './format-path';
export * from './validate-definition';
