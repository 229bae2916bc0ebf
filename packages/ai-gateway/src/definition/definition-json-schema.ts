import { z } from 'zod';
import { CustomLlmDefinitionSchema } from './custom-llm-definition-schema';

/** JSON Schema (draft 2020-12) of a definition, for the admin editor's completion and hover docs. */
export function definitionJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(CustomLlmDefinitionSchema, { unrepresentable: 'any', io: 'input' }) as Record<
    string,
    unknown
  >;
}
