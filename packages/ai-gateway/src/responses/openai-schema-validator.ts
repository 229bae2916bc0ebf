import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

/**
 * Test support: checks answers against OpenAI's published schemas (the vendored subset in
 * `__fixtures__/`, see SOURCE.txt). A stream event is checked against the one schema its `type`
 * names, so an event of an unknown type fails instead of matching some other member of the union.
 */
type Schema = {
  $defs: Record<string, { properties?: { type?: { enum?: string[] } }; anyOf?: Array<{ $ref: string }> }>;
};

// OpenAI's file uses draft 2019-09's `$recursiveRef` once (CompoundFilter refers to itself);
// draft 2020-12 spells that as a plain `$ref`, so it is rewritten on load.
const schema = JSON.parse(
  readFileSync(new URL('./__fixtures__/openai-responses-schema.json', import.meta.url), 'utf8')
    .replace(/"\$recursiveAnchor":\s*true,?/g, '')
    .replace(/"\$recursiveRef":\s*"#"/g, '"$ref":"#/$defs/CompoundFilter"'),
) as Schema;
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema(schema, 'openai');

const eventDefinitions = new Map<string, string>();
for (const member of schema.$defs.ResponseStreamEvent?.anyOf ?? []) {
  const name = member.$ref.split('/').at(-1) ?? '';
  for (const type of schema.$defs[name]?.properties?.type?.enum ?? []) eventDefinitions.set(type, name);
}

function check(definition: string, value: unknown): string[] {
  const validate = ajv.getSchema(`openai#/$defs/${definition}`);
  if (!validate) return [`no schema ${definition}`];
  if (validate(value)) return [];
  return (validate.errors ?? [])
    .slice(0, 8)
    .map((error) => `${definition}${error.instancePath} ${error.message}`);
}

/** Schema errors of a `Response` object (empty when it conforms). */
export function responseSchemaErrors(response: unknown): string[] {
  return check('Response', response);
}

/** Schema errors of one stream event, checked against the definition of its `type`. */
export function streamEventSchemaErrors(event: { type?: unknown }): string[] {
  const definition = eventDefinitions.get(String(event.type));
  return definition ? check(definition, event) : [`unknown stream event type ${String(event.type)}`];
}
