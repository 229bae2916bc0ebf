/**
 * `@gateway/ai-gateway`: the core, framework-free. Everything not exported here (or from
 * `./definition`, `./testing`) is internal and free to change.
 */
export * from './create-gateway';
export * from './definition/index';
export * from './errors/gateway-error';
export * from './errors/render-anthropic-error';
export * from './errors/render-openai-error';
export * from './gateway-deps';
export { InMemoryResponse, jsonResponse } from './http/in-memory-response';
export type { ModelCapabilities, ThinkingSupport } from './models/model-capabilities';
export { extractCallerKey } from './pipeline/authenticate-caller';
export { exceedsJsonDepth, MAX_JSON_DEPTH, readLimitedText } from './pipeline/read-json-body';
export {
  createDefaultCredentialChain,
  type MemoizedCredentialProvider,
} from './providers/bedrock/bedrock-credentials';
export { isAwsBedrockHost } from './providers/bedrock/bedrock-endpoint';
export type { ProviderId, UpstreamHttpRequest } from './providers/types';
export * from './responses/index';
export type { TargetStatus } from './routing/describe-targets';
export {
  createInMemoryTargetHealth,
  type InMemoryTargetHealth,
} from './routing/in-memory-target-health';
export * from './routing/target-health';
export * from './usage/compute-cost';
export * from './usage/usage-record';
