import type { CustomLlmDefinition } from '@gateway/ai-gateway';

/** Every field of a definition that holds a secret, as a path. */
export const SECRET_PATHS = [
  ['api_key'],
  ['aws_bedrock', 'secret_access_key'],
  ['aws_bedrock', 'session_token'],
  ['aws_bedrock', 'api_key'],
] as const;

export type SecretPath = readonly (string | number)[];
export type DefinitionSecrets = Record<string, string>;

/** Where a secret sits now (`path`, with array indexes) and the name it is stored under (`key`). */
type SecretField = { path: SecretPath; key: string };

/**
 * Every secret field of a definition: the top-level ones and the same ones inside each target.
 * A target's secrets are stored under its name (`targets.<name>.api_key`), so reordering targets
 * keeps each secret with its target and a masked secret is only ever restored into the same target.
 */
function secretFieldsOf(definition: Record<string, unknown>): SecretField[] {
  const fields: SecretField[] = SECRET_PATHS.map((path) => ({ path, key: path.join('.') }));
  const targets = definition.targets;
  if (!Array.isArray(targets)) return fields;
  targets.forEach((target: unknown, index) => {
    const name = (target as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') return;
    for (const path of SECRET_PATHS) {
      fields.push({ path: ['targets', index, ...path], key: ['targets', name, ...path].join('.') });
    }
  });
  return fields;
}

function read(definition: Record<string, unknown>, path: SecretPath): unknown {
  let node: unknown = definition;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment as string];
  }
  return node;
}

function write(definition: Record<string, unknown>, path: SecretPath, value: string | undefined): void {
  let node = definition;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment as string];
    if (typeof next !== 'object' || next === null) return;
    node = next as Record<string, unknown>;
  }
  const last = path[path.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/** Splits a definition into the part stored in clear and its secrets (non-empty strings only). */
export function extractSecrets(definition: CustomLlmDefinition): {
  publicPart: CustomLlmDefinition;
  secrets: DefinitionSecrets;
} {
  const publicPart = structuredClone(definition) as Record<string, unknown>;
  const secrets: DefinitionSecrets = {};
  for (const { path, key } of secretFieldsOf(publicPart)) {
    const value = read(publicPart, path);
    if (typeof value === 'string' && value !== '') {
      secrets[key] = value;
      write(publicPart, path, undefined);
    }
  }
  return { publicPart: publicPart as CustomLlmDefinition, secrets };
}

/** The inverse of extractSecrets. */
export function mergeSecrets(
  publicPart: CustomLlmDefinition,
  secrets: DefinitionSecrets,
): CustomLlmDefinition {
  const definition = structuredClone(publicPart) as Record<string, unknown>;
  for (const { path, key } of secretFieldsOf(definition)) {
    const value = secrets[key];
    if (value !== undefined) write(definition, path, value);
  }
  return definition as CustomLlmDefinition;
}

const MASK = '••••';

/** `••••abcd`: enough to recognise a key, never enough to use it. Short secrets show nothing. */
export function maskSecret(secret: string): string {
  return secret.length >= 12 ? `${MASK}${secret.slice(-4)}` : MASK;
}

export function isMasked(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith(MASK);
}

/** A copy with every secret replaced by its mask, for admin reads. */
export function redactDefinition(definition: CustomLlmDefinition): CustomLlmDefinition {
  const copy = structuredClone(definition) as Record<string, unknown>;
  for (const { path } of secretFieldsOf(copy)) {
    const value = read(copy, path);
    if (typeof value === 'string' && value !== '') write(copy, path, maskSecret(value));
  }
  return copy as CustomLlmDefinition;
}

/**
 * A saved definition whose secrets are still masks keeps the stored secrets (the admin did not
 * change them); a mask with no stored secret behind it is an error, never stored as a literal.
 * Returns the paths whose mask had nothing to restore.
 */
export function restoreMaskedSecrets(
  incoming: Record<string, unknown>,
  stored: CustomLlmDefinition | undefined,
): { definition: Record<string, unknown>; unresolved: string[] } {
  const definition = structuredClone(incoming);
  const unresolved: string[] = [];
  const storedByKey = new Map(
    stored === undefined
      ? []
      : secretFieldsOf(stored as Record<string, unknown>).map(({ path, key }) => [
          key,
          read(stored as Record<string, unknown>, path),
        ]),
  );
  for (const { path, key } of secretFieldsOf(definition)) {
    const value = read(definition, path);
    if (!isMasked(value)) continue;
    const previous = storedByKey.get(key);
    if (typeof previous === 'string' && maskSecret(previous) === value) write(definition, path, previous);
    else
      unresolved.push(
        path
          .map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`))
          .join('')
          .replace(/^\./, '')
          .replace(/\.\[/g, '['),
      );
  }
  return { definition, unresolved };
}
