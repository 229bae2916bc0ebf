import type { CustomLlmDefinition } from '../definition/custom-llm-definition-schema';
import { claudeFamilyOf } from './claude-model-family';

/**
 * Who can verify the signature on a thinking block this upstream hands out: Claude checks its own
 * wherever it runs (the Anthropic API, Bedrock invoke or Converse), so those share one family;
 * anything else is bound to its provider kind and model. Sealed reasoning items (Responses API)
 * are only opened for the same family.
 */
export function thinkingSignatureFamily(providerKind: string, definition: CustomLlmDefinition): string {
  return claudeFamilyOf(definition.internal_id) === undefined
    ? `${providerKind}:${definition.internal_id}`
    : 'anthropic-claude';
}
