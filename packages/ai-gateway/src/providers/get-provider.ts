import { apiAdapterOf, type CustomLlmDefinition } from '../definition/custom-llm-definition-schema';
import type { GatewayLogger } from '../gateway-deps';
import { anthropicProvider } from './anthropic/anthropic-provider';
import type { MemoizedCredentialProvider } from './bedrock/bedrock-credentials';
import { createBedrockProvider } from './bedrock/bedrock-provider';
import { openAiCompatibleProvider } from './openai/openai-compatible-provider';
import { openAiResponsesProvider } from './openai/openai-responses-provider';
import type { Provider } from './types';

export type ProviderRegistry = {
  /** The provider for a definition (or one of its targets, with the target's fields applied). */
  providerFor(definition: CustomLlmDefinition): Provider;
};

export type ProviderRegistryOptions = {
  /** The AWS default credential chain, memoized, for Bedrock definitions that use it. */
  awsDefaultCredentials: MemoizedCredentialProvider;
  /** STS endpoint for AssumeRole (tests: the emulator's URL). */
  stsEndpoint?: string | undefined;
  /** How long before an assumed role's session expires it is refreshed (default 5 minutes). */
  assumeRoleRefreshMs?: number | undefined;
  logger?: GatewayLogger | undefined;
};

/**
 * The one place that decides which kind of upstream a definition is: `aws_bedrock` means Bedrock,
 * else the adapter names the wire format. One registry per gateway (the Bedrock provider owns
 * its signer cache and the injected credentials).
 */
export function createProviderRegistry(options: ProviderRegistryOptions): ProviderRegistry {
  const bedrock = createBedrockProvider({
    defaultCredentials: options.awsDefaultCredentials,
    stsEndpoint: options.stsEndpoint,
    assumeRoleRefreshMs: options.assumeRoleRefreshMs,
    logger: options.logger,
  });
  return {
    providerFor(definition) {
      if (definition.aws_bedrock) return bedrock;
      const adapter = apiAdapterOf(definition);
      if (adapter === 'anthropic-messages') return anthropicProvider;
      return adapter === 'openai-responses' ? openAiResponsesProvider : openAiCompatibleProvider;
    },
  };
}
