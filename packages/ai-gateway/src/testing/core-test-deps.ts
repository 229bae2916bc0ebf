import type { CustomLlmDefinition } from '../definition/custom-llm-definition-schema';
import type { GatewayDeps, ResolvedModel } from '../gateway-deps';
import { memoizeCredentialProvider } from '../providers/bedrock/bedrock-credentials';
import type { UsageRecord } from '../usage/usage-record';

/** The caller key every core test uses (`Authorization: Bearer caller-key`). */
export const TEST_CALLER_KEY = 'caller-key';

/**
 * Test support: the core's deps over plain definitions, sending with the global `fetch` to real
 * sockets (the emulator), one caller key, usage records collected, no AWS default chain. Tests
 * and benchmarks drive `createGateway(deps)` with plain `Request`s.
 */
export function coreTestDeps(
  definitions: Record<string, CustomLlmDefinition>,
  overrides: Partial<GatewayDeps> = {},
): { deps: GatewayDeps; records: UsageRecord[] } {
  const models: ResolvedModel[] = Object.entries(definitions).map(([publicId, definition]) => ({
    publicId,
    definition,
  }));
  const records: UsageRecord[] = [];
  let id = 0;
  const deps: GatewayDeps = {
    verifyCallerKey: (key) =>
      key === TEST_CALLER_KEY ? { id: 'key-1', name: 'test', hint: '-key' } : undefined,
    resolveModel: (model) => models.find((candidate) => candidate.publicId === model),
    listModels: () => models,
    fetch: (request, signal) =>
      fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        signal,
        redirect: 'manual',
      }),
    now: () => new Date(),
    generateId: () => `request-${++id}`,
    recordUsage: (record) => records.push(record),
    aws: {
      defaultCredentials: memoizeCredentialProvider(async () => {
        throw new Error('tests sign with the definition keys, never the AWS default chain');
      }),
    },
    ...overrides,
  };
  return { deps, records };
}
