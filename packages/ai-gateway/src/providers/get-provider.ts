import { apiAdapterOf, type CustomLlmDefinition } from '../definition/custom-llm-definition-schema';
import { anthropicProvider } from './anthropic/anthropic-provider';
import { bedrockProvider } from './bedrock/bedrock-provider';
import { openAiCompatibleProvider } from './openai/openai-compatible-provider';
import type { Provider } from './types';

/** Definition -> provider: `aws_bedrock` means Bedrock; else the adapter picks the wire format. */
export function getProvider(definition: CustomLlmDefinition): Provider {
  if (definition.aws_bedrock) return bedrockProvider;
  return apiAdapterOf(definition) === 'anthropic-messages' ? anthropicProvider : openAiCompatibleProvider;
}
