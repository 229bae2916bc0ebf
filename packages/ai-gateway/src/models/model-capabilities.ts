import type { CustomLlmDefinition } from '../definition/custom-llm-definition-schema';
import { claudeFamilyOf } from './claude-model-family';

/**
 * How a model takes extended thinking: not at all, with `budget_tokens` (Claude 3.7 – 4.5), or
 * adaptively (`{"type":"adaptive"}`, Claude 4.6 and later, which still accept a budget).
 * https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
 */
export type ThinkingSupport = 'none' | 'budget' | 'adaptive';

export type ModelCapabilities = {
  thinking: ThinkingSupport;
  images: boolean;
  /** `document` blocks (PDF, plain text). */
  documents: boolean;
  prompt_caching: boolean;
};

const UNKNOWN_MODEL: ModelCapabilities = {
  thinking: 'none',
  images: false,
  documents: false,
  prompt_caching: false,
};

/**
 * What a model can do, from its family (the same Claude model whether it is reached through the
 * Anthropic API, a Bedrock id, an inference profile or a foundation-model ARN), overridden field by
 * field by the definition's `capabilities` (new models, application-inference-profile ARNs whose
 * id names no model). `supports_image_input: false` still turns images off.
 */
export function modelCapabilities(definition: CustomLlmDefinition): ModelCapabilities {
  const family = claudeFamilyOf(definition.internal_id);
  const derived: ModelCapabilities =
    family === undefined
      ? { ...UNKNOWN_MODEL, images: definition.supports_image_input === true }
      : {
          thinking: family.thinking,
          images: true,
          documents: family.documents,
          prompt_caching: true,
        };
  const override = definition.capabilities ?? {};
  return {
    thinking: override.thinking ?? derived.thinking,
    images: definition.supports_image_input === false ? false : (override.images ?? derived.images),
    documents: override.documents ?? derived.documents,
    prompt_caching: override.prompt_caching ?? derived.prompt_caching,
  };
}
