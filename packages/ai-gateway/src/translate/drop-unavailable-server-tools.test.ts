import { describe, expect, it } from 'vitest';
import { dropServerToolsFromMessagesBody, dropUnavailableServerTools } from './drop-unavailable-server-tools';

const accepts = (type: string) => type.startsWith('bash_');

describe('dropUnavailableServerTools', () => {
  const tools = [
    { type: 'web_search_20250305', name: 'web_search' },
    { type: 'bash_20250124', name: 'bash' },
    { name: 'custom_one', input_schema: { type: 'object' } },
    { type: 'custom', name: 'custom_two', input_schema: {} },
    { type: 'code_execution_20250825' },
  ];

  it('keeps custom tools and the typed tools the upstream runs, and names the others', () => {
    const { kept, dropped } = dropUnavailableServerTools(tools, { accepts });
    expect(kept.map((tool) => tool.name)).toEqual(['bash', 'custom_one', 'custom_two']);
    expect(dropped).toEqual(['web_search', 'code_execution_20250825']);
  });

  it('refuses a forced tool it would drop, naming it', () => {
    expect(() => dropUnavailableServerTools(tools, { accepts, forcedName: 'web_search' })).toThrow(
      expect.objectContaining({
        status: 400,
        param: 'tool_choice',
        message: expect.stringContaining("'web_search'"),
      }),
    );
    expect(dropUnavailableServerTools(tools, { accepts, forcedName: 'bash' }).dropped).toHaveLength(2);
  });
});

describe('dropServerToolsFromMessagesBody', () => {
  it('removes tool_choice when no tool is left and returns the same body when nothing is dropped', () => {
    const body = { tools: [{ type: 'web_fetch_20250910', name: 'web_fetch' }], tool_choice: { type: 'any' } };
    expect(dropServerToolsFromMessagesBody(body, accepts)).toEqual({ body: {}, dropped: ['web_fetch'] });
    const untouched = { tools: [{ name: 'x', input_schema: {} }] };
    expect(dropServerToolsFromMessagesBody(untouched, accepts).body).toBe(untouched);
  });
});
