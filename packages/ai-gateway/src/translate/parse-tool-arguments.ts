/**
 * A model's tool-call arguments (a JSON string) as the object Anthropic's `input` must be. A model
 * cut off by max_tokens can leave invalid JSON; the raw text is then kept under `_raw_arguments`
 * rather than silently lost or failing the whole response.
 */
export function parseToolArguments(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  return { _raw_arguments: text };
}
