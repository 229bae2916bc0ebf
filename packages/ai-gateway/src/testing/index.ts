/**
 * `@gateway/ai-gateway/testing`: for tests and benchmarks only, never imported by production code
 * (the app's `src/` imports `.` and `./definition`). Real pieces of the core, driven directly.
 */

export { finishUpstreamStream } from '../pipeline/finish-upstream-stream';
export { openAiChunkEncoder } from '../pipeline/stream-encoders';
export type { StreamPart } from '../pipeline/stream-part';
export { upstreamsOf } from '../pipeline/upstreams-of';
export { memoizeCredentialProvider } from '../providers/bedrock/bedrock-credentials';
export { createBedrockSigner } from '../providers/bedrock/bedrock-signer';
export type { BedrockStreamPart } from '../providers/bedrock/decode-bedrock-event-stream';
export { decodeBedrockEventStream } from '../providers/bedrock/decode-bedrock-event-stream';
export { readFixture, readFixtureText } from '../providers/bedrock/sigv4-test-support';
export { createProviderRegistry } from '../providers/get-provider';
export { responseSchemaErrors, streamEventSchemaErrors } from '../responses/openai-schema-validator';
export { createInMemoryTargetHealth } from '../routing/in-memory-target-health';
export { selectUpstreams } from '../routing/select-upstreams';
export { coreTestDeps, TEST_CALLER_KEY } from './core-test-deps';
