import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import type { EditorView } from '@codemirror/view';
import { BEDROCK_CLAUDE_MODELS, inferenceProfileIdFor } from '@gateway/ai-gateway/definition';
import { describeType, type SchemaNode, schemaAt } from '../_lib/definition-schema-navigation';
import { fieldDoc } from '../_lib/field-docs';
import { cursorContext, locateJsonValues } from '../_lib/json-locations';
import { tokenizeJson } from '../_lib/json-tokens';

const COMMON_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'eu-central-1',
  'eu-west-1',
  'eu-west-3',
  'eu-north-1',
  'ap-northeast-1',
  'ap-southeast-2',
  'ap-south-1',
  'ca-central-1',
  'sa-east-1',
];

/** The placeholder a new property's value starts as, and where the cursor goes inside it. */
function valueSkeleton(node: SchemaNode | undefined): { text: string; cursor: number } {
  const type = node?.type ?? node?.anyOf?.[0]?.type;
  if (node?.enum) return { text: JSON.stringify(node.enum[0]), cursor: 1 };
  if (type === 'object') return { text: '{}', cursor: 1 };
  if (type === 'array') return { text: '[]', cursor: 1 };
  if (type === 'string') return { text: '""', cursor: 1 };
  if (type === 'boolean') return { text: 'true', cursor: 4 };
  return { text: '', cursor: 0 };
}

function replaceWith(from: number, to: number, text: string, cursor: number) {
  return (view: EditorView) => {
    view.dispatch({
      changes: { from, to, insert: text },
      selection: { anchor: from + cursor },
      scrollIntoView: true,
    });
  };
}

/** The JSON string value at a path, read from the text as it stands (it need not parse). */
function stringAt(text: string, path: string): string | undefined {
  const location = locateJsonValues(text).get(path);
  if (!location) return undefined;
  try {
    const value = JSON.parse(text.slice(location.from, location.to));
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Catalog model ids for `internal_id`: the region's inference profile first, then the base id. */
export function bedrockModelOptions(
  region: string | undefined,
): { id: string; label: string; note: string }[] {
  return BEDROCK_CLAUDE_MODELS.flatMap((model) => {
    const profile = region ? inferenceProfileIdFor(model.modelId, region) : undefined;
    const options = profile ? [{ id: profile, label: model.displayName, note: 'inference profile' }] : [];
    if (!model.requiresInferenceProfile)
      options.push({ id: model.modelId, label: model.displayName, note: 'on-demand' });
    return options;
  }).reverse();
}

/** Completion from the definition's JSON Schema: property names, enum values, regions and models. */
export function definitionCompletionSource(schema: SchemaNode) {
  return (context: CompletionContext): CompletionResult | null => {
    const text = context.state.doc.toString();
    const cursor = cursorContext(text, context.pos);
    if (!cursor) return null;
    const token = tokenizeJson(text).find(
      (candidate) => candidate.from === cursor.from && candidate.to === cursor.to,
    );
    const typed = cursor.to > cursor.from;
    if (!typed && !context.explicit) return null;
    const quoted = token?.type === 'string';
    const from = quoted ? cursor.from + 1 : cursor.from;

    if (cursor.kind === 'key') {
      const node = schemaAt(schema, cursor.objectPath);
      const options: Completion[] = Object.entries(node?.properties ?? {})
        .filter(
          ([key]) => !cursor.existingKeys.includes(key) || text.slice(cursor.from, cursor.to).includes(key),
        )
        .map(([key, property]) => {
          const skeleton = valueSkeleton(property);
          const insert = `"${key}": ${skeleton.text}`;
          return {
            label: key,
            type: 'property',
            detail: describeType(property),
            info: fieldDoc([...cursor.objectPath, key]),
            apply: replaceWith(
              cursor.from,
              cursor.to,
              insert,
              insert.length - skeleton.text.length + skeleton.cursor,
            ),
          };
        });
      return { from, options, validFor: /^[\w-]*$/ };
    }

    const node = schemaAt(schema, cursor.path);
    const pathText = cursor.path.join('.');
    const stringOption = (value: string, detail?: string, info?: string): Completion => ({
      label: value,
      type: 'value',
      ...(detail ? { detail } : {}),
      ...(info ? { info } : {}),
      apply: replaceWith(cursor.from, cursor.to, JSON.stringify(value), JSON.stringify(value).length),
    });
    let options: Completion[] = [];
    if (node?.enum)
      options = node.enum.filter((value) => typeof value === 'string').map((value) => stringOption(value));
    else if (node?.type === 'boolean') {
      options = ['true', 'false'].map((value) => ({
        label: value,
        type: 'keyword',
        apply: replaceWith(cursor.from, cursor.to, value, value.length),
      }));
    } else if (pathText === 'aws_bedrock.region') {
      options = COMMON_REGIONS.map((region) => stringOption(region, 'AWS region'));
    } else if (pathText === 'internal_id' && locateJsonValues(text).has('aws_bedrock')) {
      options = bedrockModelOptions(stringAt(text, 'aws_bedrock.region')).map((model) =>
        stringOption(model.id, model.label, model.note),
      );
    }
    if (options.length === 0) return null;
    return { from, options, validFor: /^[\w.:-]*$/ };
  };
}
