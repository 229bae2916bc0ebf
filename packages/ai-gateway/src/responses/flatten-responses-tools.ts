import type { AnthropicTool } from '../translate/anthropic-types';
import type { CustomTool, FunctionTool, NamespaceTool, ResponsesTool } from './parse-responses-request';

/** What a flat upstream tool name stands for in the caller's request. */
export type ToolOrigin = { namespace?: string; name: string; kind: 'function' | 'custom' };

export type FlattenedTools = {
  tools: AnthropicTool[];
  /** Flat upstream name -> the caller's tool. */
  toolNames: Map<string, ToolOrigin>;
  /** Types of the hosted tools that were in the request (for the drop rule). */
  hostedTools: string[];
};

/** Anthropic and Bedrock tool names (https://docs.anthropic.com/en/api/messages#body-tools). */
const TOOL_NAME_RULE = /^[a-zA-Z0-9_-]{1,64}$/;

/** A custom (free-form) tool becomes a tool taking one string, the caller's raw input. */
export const CUSTOM_TOOL_INPUT_SCHEMA = {
  type: 'object',
  properties: { input: { type: 'string', description: 'The raw input for the tool.' } },
  required: ['input'],
  additionalProperties: false,
} as const;

/**
 * Function, custom and namespace tools -> Anthropic tools with names the upstream accepts.
 * Namespaced tools are `namespace__name`; a name that breaks the rule or the 64-character limit is
 * cleaned and, if it collides or was shortened, suffixed with a short hash, so the mapping back is
 * exact. Hosted tools are only collected.
 */
export function flattenResponsesTools(tools: readonly ResponsesTool[]): FlattenedTools {
  const result: FlattenedTools = { tools: [], toolNames: new Map(), hostedTools: [] };
  const add = (tool: FunctionTool | CustomTool, namespace: NamespaceTool | undefined) => {
    const wanted = namespace ? `${namespace.name}__${tool.name}` : tool.name;
    const flat = uniqueFlatName(wanted, result.toolNames);
    result.toolNames.set(flat, {
      name: tool.name,
      kind: tool.type,
      ...(namespace ? { namespace: namespace.name } : {}),
    });
    const description = [namespace?.description, tool.description].filter(Boolean).join('\n\n');
    result.tools.push({
      name: flat,
      ...(description ? { description } : {}),
      input_schema:
        tool.type === 'custom'
          ? { ...CUSTOM_TOOL_INPUT_SCHEMA }
          : ((tool.parameters as Record<string, unknown> | null | undefined) ?? {
              type: 'object',
              properties: {},
            }),
    });
  };
  for (const tool of tools) {
    if (tool.type === 'function' || tool.type === 'custom') add(tool as FunctionTool | CustomTool, undefined);
    else if (tool.type === 'namespace') {
      const namespace = tool as NamespaceTool;
      for (const inner of namespace.tools) add(inner, namespace);
    } else result.hostedTools.push(tool.type);
  }
  return result;
}

/** The flat name of a caller's tool (namespace and name), when it was in the request. */
export function findFlatName(
  toolNames: ReadonlyMap<string, ToolOrigin>,
  name: string,
  namespace: string | null | undefined,
): string | undefined {
  for (const [flat, origin] of toolNames) {
    if (origin.name === name && (origin.namespace ?? null) === (namespace ?? null)) return flat;
  }
  // A namespaced call may also arrive with the namespace folded into the name.
  return toolNames.has(name) ? name : undefined;
}

function uniqueFlatName(wanted: string, taken: ReadonlyMap<string, ToolOrigin>): string {
  if (TOOL_NAME_RULE.test(wanted) && !taken.has(wanted)) return wanted;
  const cleaned = wanted.replace(/[^a-zA-Z0-9_-]/g, '_');
  for (let attempt = 0; ; attempt += 1) {
    const suffix = `_${shortHash(`${wanted}#${attempt}`)}`;
    const candidate = `${cleaned.slice(0, 64 - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** FNV-1a, 8 hex digits: stable across processes, enough to tell a few hundred tools apart. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
