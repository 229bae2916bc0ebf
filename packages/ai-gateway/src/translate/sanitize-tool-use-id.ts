/**
 * Anthropic accepts tool_use ids matching `^[a-zA-Z0-9_-]+$` (Bedrock Converse: `[a-zA-Z0-9_.:-]+`,
 * at most 64 characters). OpenAI-style callers may send other ids; the same id always maps to the
 * same sanitised id, so tool_use and tool_result stay paired.
 */
export function sanitizeToolUseId(id: string): string {
  const cleaned = id.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  return cleaned === '' ? 'tool_call' : cleaned;
}
