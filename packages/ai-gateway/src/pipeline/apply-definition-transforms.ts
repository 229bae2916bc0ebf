import type { CustomLlmDefinition } from '../definition/custom-llm-definition-schema';

/**
 * The definition's body rules, in the documented order: `remove_from_body` (top-level keys or
 * dotted paths such as `thinking.budget_tokens`), then `extra_body` (deep-merged: its values win),
 * Each provider then applies its own rules (the model id in the body or in the URL path).
 * Returns a new object; the caller's parsed body is never mutated.
 */
export function applyDefinitionTransforms(
  body: Record<string, unknown>,
  definition: CustomLlmDefinition,
): Record<string, unknown> {
  // Copy-on-write instead of a deep structuredClone of every request body (it showed in
  // profiles): only the objects on a removed path are copied, the rest is shared, never mutated.
  let result: Record<string, unknown> = { ...body };
  for (const path of definition.remove_from_body ?? []) result = withoutPath(result, path.split('.'));
  if (definition.extra_body) result = deepMerge(result, definition.extra_body);
  return result;
}

function withoutPath(target: Record<string, unknown>, segments: string[]): Record<string, unknown> {
  const [head, ...rest] = segments;
  if (head === undefined || !Object.hasOwn(target, head)) return target;
  if (rest.length === 0) {
    const copy = { ...target };
    delete copy[head];
    return copy;
  }
  const next = target[head];
  return isPlainObject(next) ? { ...target, [head]: withoutPath(next, rest) } : target;
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
