import type { PathSegment } from './json-locations';

/** The part of a JSON Schema (draft 2020-12, as zod emits it) the editor reads. */
export type SchemaNode = {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  enum?: unknown[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  pattern?: string;
  format?: string;
  minLength?: number;
  exclusiveMinimum?: number;
  description?: string;
};

function alternatives(node: SchemaNode): SchemaNode[] {
  return [node, ...(node.anyOf ?? []), ...(node.oneOf ?? [])];
}

/** The schema of the value at `path`, following properties, record values and array items. */
export function schemaAt(root: SchemaNode, path: readonly PathSegment[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const segment of path) {
    if (node === undefined) return undefined;
    let next: SchemaNode | undefined;
    for (const candidate of alternatives(node)) {
      if (typeof segment === 'number' && candidate.items) next = candidate.items;
      else if (typeof segment === 'string' && candidate.properties?.[segment])
        next = candidate.properties[segment];
      else if (typeof segment === 'string' && typeof candidate.additionalProperties === 'object')
        next = candidate.additionalProperties;
      if (next) break;
    }
    node = next;
  }
  return node;
}

/** A short type line such as `string (uri)`, `integer > 0`, `"auto" | "concise"`. */
export function describeType(node: SchemaNode): string {
  if (node.enum) return node.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (node.anyOf) return node.anyOf.map(describeType).join(' or ');
  const type = Array.isArray(node.type) ? node.type.join(' | ') : (node.type ?? 'any');
  if (node.format) return `${type} (${node.format})`;
  if (node.exclusiveMinimum === 0) return `${type} > 0`;
  if (node.type === 'object' && node.additionalProperties && !node.properties) return 'object (map)';
  return type;
}
