import { describe, expect, it } from 'vitest';
import { CUSTOM_TOOL_INPUT_SCHEMA, findFlatName, flattenResponsesTools } from './flatten-responses-tools';

describe('flattenResponsesTools', () => {
  it('flattens namespaces into names Anthropic and Bedrock accept, reversibly', () => {
    const long = 'x'.repeat(70);
    const { tools, toolNames, hostedTools } = flattenResponsesTools([
      { type: 'function', name: 'read_file', parameters: { type: 'object', properties: {} } },
      {
        type: 'namespace',
        name: 'multi_agent_v1',
        description: 'Agents',
        tools: [
          { type: 'function', name: 'spawn', description: 'Spawn one' },
          { type: 'function', name: long },
          { type: 'custom', name: 'apply_patch' },
        ],
      },
      { type: 'web_search', external_web_access: false },
      { type: 'function', name: 'multi_agent_v1__spawn' },
    ]);
    for (const tool of tools) expect(tool.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(new Set(tools.map((tool) => tool.name)).size).toBe(tools.length);
    expect(tools[1]).toMatchObject({ name: 'multi_agent_v1__spawn', description: 'Agents\n\nSpawn one' });
    expect(tools[3]?.input_schema).toEqual(CUSTOM_TOOL_INPUT_SCHEMA);
    expect(hostedTools).toEqual(['web_search']);
    for (const [flat, origin] of toolNames)
      expect(findFlatName(toolNames, origin.name, origin.namespace)).toBe(flat);
    expect(toolNames.get(tools[2]?.name ?? '')).toEqual({
      namespace: 'multi_agent_v1',
      name: long,
      kind: 'function',
    });
    // The plain function that happens to look namespaced gets its own, different flat name.
    expect(toolNames.get(tools[4]?.name ?? '')).toEqual({ name: 'multi_agent_v1__spawn', kind: 'function' });
  });
});
