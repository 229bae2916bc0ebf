import type { CustomLlmDefinition } from '@gateway/ai-gateway';

/** Every field of a definition that holds a secret, as a path. */
export const SECRET_PATHS = [
  ['api_key'],
  ['aws_bedrock', 'secret_access_key'],
  ['aws_bedrock', 'session_token'],
  ['aws_bedrock', 'api_key'],
] as const;

export type SecretPath = (typeof SECRET_PATHS)[number];
export type DefinitionSecrets = Record<string, string>;

const keyOf = (path: SecretPath) => path.join('.');

function read(definition: Record<string, unknown>, path: SecretPath): unknown {
  let node: unknown = definition;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function write(definition: Record<string, unknown>, path: SecretPath, value: string | undefined): void {
  let node = definition;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment];
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
  for (const path of SECRET_PATHS) {
    const value = read(publicPart, path);
    if (typeof value === 'string' && value !== '') {
      secrets[keyOf(path)] = value;
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
  for (const path of SECRET_PATHS) {
    const value = secrets[keyOf(path)];
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
  for (const path of SECRET_PATHS) {
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
  for (const path of SECRET_PATHS) {
    const value = read(definition, path);
    if (!isMasked(value)) continue;
    const previous = stored === undefined ? undefined : read(stored as Record<string, unknown>, path);
    if (typeof previous === 'string' && maskSecret(previous) === value) write(definition, path, previous);
    else unresolved.push(keyOf(path));
  }
  return { definition, unresolved };
}
