export type {
  AwsCredentialProvider,
  AwsCredentials,
  MemoizedCredentialProvider,
} from './bedrock-credentials';
export {
  defaultCredentialChain,
  memoizeCredentialProvider,
  resolveBedrockCredentials,
} from './bedrock-credentials';
export { bedrockBaseUrl, isAwsBedrockHost } from './bedrock-endpoint';
export type { BedrockClaudeModel, BedrockProfileGeography } from './bedrock-model-catalog';
export {
  anthropicAliasesFor,
  BEDROCK_CLAUDE_MODELS,
  BEDROCK_PROFILE_PREFIXES,
  baseModelId,
  findBedrockModel,
  inferenceProfileIdFor,
  inferenceProfileWarning,
  supportsThinking,
} from './bedrock-model-catalog';
export type { BedrockAction } from './bedrock-model-path';
export { bedrockAction, bedrockModelPath, isBedrockStreamingAction } from './bedrock-model-path';
export { bedrockProvider } from './bedrock-provider';
export type { BedrockSigner, BedrockSignerOptions } from './bedrock-signer';
export { bedrockRequestUrl, createBedrockSigner, signBedrockRequest } from './bedrock-signer';
export type { SigV4Headers, SigV4Input } from './bedrock-sigv4';
export { isSignedHeader, signatureV4Init, signingRequestOf, signWithSigV4 } from './bedrock-sigv4';
export type { BedrockStreamPart } from './decode-bedrock-event-stream';
export { decodeBedrockEventStream } from './decode-bedrock-event-stream';
export type { EventStreamFramePart } from './decode-event-stream-frames';
export { decodeEventStreamFrames } from './decode-event-stream-frames';
export { BEDROCK_ANTHROPIC_VERSION, finalizeBedrockBody } from './finalize-bedrock-body';
export type { BedrockErrorContext } from './map-bedrock-error';
export { mapBedrockHttpError } from './map-bedrock-error';
export { mapBedrockStreamException } from './map-bedrock-stream-exception';
