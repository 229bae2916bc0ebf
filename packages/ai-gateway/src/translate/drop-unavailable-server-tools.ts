import { invalidRequest } from './request-errors';

/** A tool as the rule sees it: custom tools have no `type` (or `custom`); typed ones have one. */
export type TypedToolLike = { type?: unknown; name?: unknown };

export type DroppedTools<T> = {
  /** The tools to send, in their order. */
  kept: T[];
  /** Names (or types, for a nameless tool) of the tools left out, for `x-gateway-dropped-tools`. */
  dropped: string[];
};

/**
 * The one rule for typed tools an upstream cannot run (web search, web fetch, code execution on
 * Bedrock …), for every endpoint: left out when the request does not force them; a 400 naming the
 * tool and the reason when the tool choice forces one (`forcedName`). Custom tools always stay.
 * `accepts(type)` is the upstream's answer (`provider.acceptsToolType`).
 */
export function dropUnavailableServerTools<T extends TypedToolLike>(
  tools: readonly T[],
  options: { accepts: (type: string) => boolean; forcedName?: string | undefined; param?: string },
): DroppedTools<T> {
  const kept: T[] = [];
  const dropped: string[] = [];
  for (const tool of tools) {
    const type = typeof tool.type === 'string' ? tool.type : undefined;
    if (type === undefined || type === 'custom' || type === 'function' || options.accepts(type)) {
      kept.push(tool);
      continue;
    }
    const name = typeof tool.name === 'string' ? tool.name : type;
    if (options.forcedName !== undefined && options.forcedName === name) {
      throw invalidRequest(
        `The tool '${name}' (${type}) is not available for this model's upstream, and tool_choice forces it.`,
        options.param ?? 'tool_choice',
      );
    }
    dropped.push(name);
  }
  return { kept, dropped };
}

/**
 * `dropUnavailableServerTools` on an Anthropic Messages body: `tools` filtered, `tool_choice` left
 * out when no tool remains for it to choose. Returns the body unchanged when nothing is dropped.
 */
export function dropServerToolsFromMessagesBody(
  body: Record<string, unknown>,
  accepts: (type: string) => boolean,
): { body: Record<string, unknown>; dropped: string[] } {
  if (!Array.isArray(body.tools)) return { body, dropped: [] };
  const choice = body.tool_choice as { type?: unknown; name?: unknown } | undefined;
  const forcedName = choice?.type === 'tool' && typeof choice.name === 'string' ? choice.name : undefined;
  const { kept, dropped } = dropUnavailableServerTools(body.tools as TypedToolLike[], {
    accepts,
    forcedName,
    param: 'tool_choice.name',
  });
  if (dropped.length === 0) return { body, dropped };
  const result: Record<string, unknown> = { ...body, tools: kept };
  if (kept.length === 0) {
    delete result.tools;
    delete result.tool_choice;
  }
  return { body: result, dropped };
}
