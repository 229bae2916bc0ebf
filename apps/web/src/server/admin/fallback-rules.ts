import type { CustomLlmDefinition, DefinitionIssue } from '@gateway/ai-gateway';

type Stored = { public_id: string; definition: unknown };

const modeOf = (definition: unknown) => (definition as { mode?: unknown }).mode ?? 'chat';
const fallbacksOf = (definition: unknown): readonly string[] => {
  const fallbacks = (definition as { fallbacks?: unknown }).fallbacks;
  return Array.isArray(fallbacks) ? fallbacks.filter((id): id is string => typeof id === 'string') : [];
};

/**
 * Rules on `fallbacks` that need the other definitions (the schema checks one definition alone):
 * a fallback must exist, must not be the model itself, must serve the same mode (a chat model
 * cannot fall back to an embedding model), and must not lead back here through other fallbacks.
 */
export function fallbackIssues(
  publicId: string,
  definition: CustomLlmDefinition,
  others: readonly Stored[],
): DefinitionIssue[] {
  const byId = new Map(others.map((row) => [row.public_id, row.definition]));
  byId.set(publicId, definition);
  const issues: DefinitionIssue[] = [];
  fallbacksOf(definition).forEach((fallbackId, index) => {
    const path = `fallbacks[${index}]`;
    if (fallbackId === publicId) {
      issues.push({ path, message: 'names this model itself' });
      return;
    }
    const fallback = byId.get(fallbackId);
    if (fallback === undefined) {
      issues.push({ path, message: `"${fallbackId}" is not a defined model` });
      return;
    }
    if (modeOf(fallback) !== modeOf(definition)) {
      issues.push({
        path,
        message: `"${fallbackId}" is of mode ${String(modeOf(fallback))}; this model is ${String(modeOf(definition))}`,
      });
      return;
    }
    const cycle = pathBack(fallbackId, publicId, byId, [publicId, fallbackId]);
    if (cycle !== undefined) issues.push({ path, message: `forms a cycle: ${cycle.join(' -> ')}` });
  });
  return issues;
}

/** A chain of fallbacks from `from` back to `target`, if there is one (depth-first, each id once). */
function pathBack(
  from: string,
  target: string,
  byId: ReadonlyMap<string, unknown>,
  trail: string[],
  seen = new Set<string>(),
): string[] | undefined {
  if (seen.has(from)) return undefined;
  seen.add(from);
  for (const next of fallbacksOf(byId.get(from))) {
    if (next === target) return [...trail, target];
    const found = pathBack(next, target, byId, [...trail, next], seen);
    if (found !== undefined) return found;
  }
  return undefined;
}
