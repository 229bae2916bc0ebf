import { describe, expect, it } from 'vitest';
import { DEFINITION_TEMPLATES, toEditorText } from './definition-templates';
import { diagnoseDefinition } from './diagnose-definition';

describe('diagnoseDefinition', () => {
  it('accepts every template as it stands', () => {
    for (const template of DEFINITION_TEMPLATES) {
      expect(diagnoseDefinition(toEditorText(template.definition)).valid, template.label).toBe(true);
    }
  });

  it('reports a bad region at aws_bedrock.region, over the value', () => {
    const text = toEditorText({
      internal_id: 'x',
      aws_bedrock: { region: 'mars-1', use_default_credentials: true },
    });
    const { valid, problems } = diagnoseDefinition(text);
    expect(valid).toBe(false);
    const problem = problems.find((entry) => entry.path === 'aws_bedrock.region');
    expect(text.slice(problem!.from, problem!.to)).toBe('"mars-1"');
  });

  it('reports a syntax error at its position', () => {
    const { valid, problems } = diagnoseDefinition('{ "internal_id": "x",, }');
    expect(valid).toBe(false);
    expect(problems[0]).toMatchObject({ path: '(json)', source: 'json' });
  });

  it('warns, without blocking, about a bare model id that needs an inference profile', () => {
    const text = toEditorText({
      internal_id: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
      aws_bedrock: { region: 'eu-west-1', use_default_credentials: true },
    });
    const { valid, problems } = diagnoseDefinition(text);
    expect(valid).toBe(true);
    expect(problems).toEqual([expect.objectContaining({ severity: 'warning', path: 'internal_id' })]);
    expect(problems[0]?.message).toContain('eu.anthropic.claude-sonnet-4-5');
  });

  it('adds server issues that the browser could not know', () => {
    const text = toEditorText({ internal_id: 'x', base_url: 'https://example.com', api_key: '••••abcd' });
    const { valid, problems } = diagnoseDefinition(text, [
      { path: 'api_key', message: 'is a redacted placeholder' },
    ]);
    expect(valid).toBe(false);
    expect(problems[0]).toMatchObject({ source: 'server', path: 'api_key' });
  });
});
