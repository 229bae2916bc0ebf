import type { CustomLlmDefinition } from '../definition/custom-llm-definition-schema';

/**
 * The definition's body rules, in the documented order: `remove_from_body` (top-level keys or
 * dotted paths such as `thinking.budget_tokens`), then `extra_body` (deep-merged: its values win),
 * then `model = internal_id` — except on Bedrock, where the model id travels in the URL path.
 * Returns a new object; the caller's parsed body is never mutated.
 */
export function applyDefinitionTransforms(
  body: Record<string, unknown>,
  definition: CustomLlmDefinition,
): Record<string, unknown> {
  let result: Record<string, unknown> = structuredClone(body);
  for (const path of definition.remove_from_body ?? []) removePath(result, path.split('.'));
  if (definition.extra_body) result = deepMerge(result, definition.extra_body);
  if (!definition.aws_bedrock) result.model = definition.internal_id;
  return result;
}

function removePath(target: Record<string, unknown>, segments: string[]): void {
  const [head, ...rest] = segments;
  if (head === undefined) return;
  if (rest.length === 0) {
    delete target[head];
    return;
  }
  const next = target[head];
  if (isPlainObject(next)) removePath(next, rest);
}

export function deepMerge(
  base: Record<string, unknown>,
  overrides: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const existing = result[key];
    result[key] =
      isPlainObject(existing) && isPlainObject(value) ? deepMerge(existing, value) : structuredClone(value);
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
