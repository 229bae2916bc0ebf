import { validateDefinition } from '@gateway/ai-gateway/definition';
import { describe, expect, it } from 'vitest';
import { cursorContext, keyAt, locateJsonValues, rangeForIssue } from './json-locations';

const text = `{
  "internal_id": "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
  "aliases": ["a", "b"],
  "aws_bedrock": {
    "region": "us_east_1",
    "api_key": "secret-value-1234"
  }
}`;

const slice = (range: { from: number; to: number }) => text.slice(range.from, range.to);

describe('JSON locations', () => {
  it('finds values, keys and array items by issue path', () => {
    const locations = locateJsonValues(text);
    expect(slice(locations.get('aws_bedrock.region')!)).toBe('"us_east_1"');
    expect(slice(locations.get('aliases[1]')!)).toBe('"b"');
    expect(locations.get('(root)')).toEqual({ from: 0, to: text.length });
  });

  it('marks the zod issue of a bad region at the region value', () => {
    const result = validateDefinition(JSON.parse(text));
    expect(result.success).toBe(false);
    const issue = !result.success
      ? result.issues.find((entry) => entry.path === 'aws_bedrock.region')
      : undefined;
    expect(issue).toBeDefined();
    expect(slice(rangeForIssue(text, issue!.path))).toBe('"us_east_1"');
  });

  it('marks a missing field at the key of the object it belongs to, and the root at its brace', () => {
    expect(slice(rangeForIssue(text, 'aws_bedrock.access_key_id'))).toBe('"aws_bedrock"');
    expect(slice(rangeForIssue(text, 'base_url'))).toBe('{');
  });

  it('tells key and value positions while the text is being typed', () => {
    const typing = '{\n  "aws_bedrock": { "reg';
    expect(cursorContext(typing, typing.length)).toMatchObject({ kind: 'key', objectPath: ['aws_bedrock'] });
    const value = '{ "internal_id": "us.an", "aws_bedrock": {} }';
    const position = value.indexOf('us.an') + 5;
    expect(cursorContext(value, position)).toMatchObject({ kind: 'value', path: ['internal_id'] });
    const existing = cursorContext('{ "a": 1, }', 10);
    expect(existing).toMatchObject({ kind: 'key', existingKeys: ['a'] });
  });

  it('finds the key under the cursor for hover docs', () => {
    const position = text.indexOf('"region"') + 3;
    expect(keyAt(text, position)?.path).toEqual(['aws_bedrock', 'region']);
  });
});
