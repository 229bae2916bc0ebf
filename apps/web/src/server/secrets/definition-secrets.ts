import type { CustomLlmDefinition } from '@gateway/ai-gateway';
import { secretDestination, targetsByName } from './secret-destination';

type Loose = Record<string, unknown>;

/** Fields that always hold a secret, relative to the definition or to one of its targets. */
const FIXED_SECRET_PATHS: readonly (readonly string[])[] = [
  ['api_key'],
  ['aws_bedrock', 'secret_access_key'],
  ['aws_bedrock', 'session_token'],
  ['aws_bedrock', 'api_key'],
];

/**
 * `extra_headers` whose names look like credentials are secrets too (issue 17 #8): `api-key`,
 * `x-goog-api-key`, `authorization`, anything with token, secret, key, password, cookie.
 */
export const CREDENTIAL_HEADER_NAME = /authorization|token|secret|key|password|cookie|credential/i;

/** One secret field: `key` names it in the encrypted payload, `path` finds it in the definition. */
export type SecretField = {
  key: string;
  path: (string | number)[];
  target: string | undefined;
  rootField: string;
};
export type DefinitionSecrets = Record<string, string>;

function fieldsOf(scope: Loose, prefix: (string | number)[], keyPrefix: string, target: string | undefined) {
  const fields: SecretField[] = FIXED_SECRET_PATHS.map((path) => ({
    key: keyPrefix + path.join('.'),
    path: [...prefix, ...path],
    target,
    rootField: path[0] as string,
  }));
  const headers = scope.extra_headers;
  if (typeof headers === 'object' && headers !== null && !Array.isArray(headers)) {
    for (const name of Object.keys(headers)) {
      if (CREDENTIAL_HEADER_NAME.test(name)) {
        fields.push({
          key: `${keyPrefix}extra_headers.${name}`,
          path: [...prefix, 'extra_headers', name],
          target,
          rootField: 'extra_headers',
        });
      }
    }
  }
  return fields;
}

/** Every field of this definition that holds (or may hold) a secret, targets included. */
export function secretFieldsOf(definition: Loose): SecretField[] {
  const fields = fieldsOf(definition, [], '', undefined);
  const list = Array.isArray(definition.targets) ? definition.targets : [];
  list.forEach((entry, index) => {
    const target = entry as Loose | null;
    if (typeof target !== 'object' || target === null || typeof target.name !== 'string') return;
    fields.push(...fieldsOf(target, ['targets', index], `targets.${target.name}.`, target.name));
  });
  return fields;
}

function read(definition: Loose, path: readonly (string | number)[]): unknown {
  let node: unknown = definition;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

function write(definition: Loose, path: readonly (string | number)[], value: string | undefined): void {
  let node = definition as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment];
    if (typeof next !== 'object' || next === null) return;
    node = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/** Splits a definition into the part stored in clear and its secrets (non-empty strings only). */
export function extractSecrets(definition: CustomLlmDefinition): {
  publicPart: CustomLlmDefinition;
  secrets: DefinitionSecrets;
} {
  const publicPart = structuredClone(definition) as Loose;
  const secrets: DefinitionSecrets = {};
  for (const field of secretFieldsOf(publicPart)) {
    const value = read(publicPart, field.path);
    if (typeof value === 'string' && value !== '') {
      secrets[field.key] = value;
      write(publicPart, field.path, undefined);
    }
  }
  return { publicPart: publicPart as CustomLlmDefinition, secrets };
}

/** The inverse of extractSecrets. */
export function mergeSecrets(
  publicPart: CustomLlmDefinition,
  secrets: DefinitionSecrets,
): CustomLlmDefinition {
  const definition = structuredClone(publicPart) as Loose;
  // A credential header lives only in `secrets` (removed from the clear part): re-create its slot.
  for (const key of Object.keys(secrets)) {
    const match = /^(?:targets\.([a-z0-9-]+)\.)?extra_headers\.(.+)$/.exec(key);
    if (!match) continue;
    const [, target, name] = match;
    const scope = target === undefined ? definition : targetsByName(definition).get(target);
    if (!scope || name === undefined) continue;
    if (typeof scope.extra_headers !== 'object' || scope.extra_headers === null) scope.extra_headers = {};
    (scope.extra_headers as Loose)[name] = '';
  }
  for (const field of secretFieldsOf(definition)) {
    const value = secrets[field.key];
    if (value !== undefined) write(definition, field.path, value);
  }
  return definition as CustomLlmDefinition;
}

/** Every secret value in a definition: exact strings to mask wherever text may quote them. */
export function secretValuesOf(definition: CustomLlmDefinition): string[] {
  return Object.values(extractSecrets(definition).secrets);
}

const MASK = '••••';

/** `••••abcd`: enough to recognise a key, never enough to use it. Short secrets show nothing. */
export function maskSecret(secret: string): string {
  return secret.length >= 12 ? `${MASK}${secret.slice(-4)}` : MASK;
}

export function isMasked(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith(MASK);
}

/** A copy with every secret replaced by its mask, for admin reads, the CLI and the audit log. */
export function redactDefinition(definition: CustomLlmDefinition): CustomLlmDefinition {
  const copy = structuredClone(definition) as Loose;
  for (const field of secretFieldsOf(copy)) {
    const value = read(copy, field.path);
    if (typeof value === 'string' && value !== '') write(copy, field.path, maskSecret(value));
  }
  return copy as CustomLlmDefinition;
}

export type UnresolvedMask = { path: string; reason: 'no-stored-secret' | 'destination-changed' };

/**
 * A saved definition whose secrets are still masks keeps the stored secrets (the admin did not
 * change them), but only while the secret's destination (upstream origin, provider kind, Bedrock
 * region, target name) is unchanged: otherwise a stolen console session could point a definition
 * at its own host and receive the real key. A mask that cannot be restored is reported, never
 * stored as a literal.
 */
export function restoreMaskedSecrets(
  incoming: Loose,
  stored: CustomLlmDefinition | undefined,
): { definition: Loose; unresolved: UnresolvedMask[] } {
  const definition = structuredClone(incoming);
  const storedLoose = stored as Loose | undefined;
  const storedFields = new Map(
    storedLoose ? secretFieldsOf(storedLoose).map((field) => [field.key, field]) : [],
  );
  const unresolved: UnresolvedMask[] = [];
  for (const field of secretFieldsOf(definition)) {
    const value = read(definition, field.path);
    if (!isMasked(value)) continue;
    const path = field.path.join('.');
    const storedField = storedFields.get(field.key);
    const previous = storedField && storedLoose ? read(storedLoose, storedField.path) : undefined;
    if (typeof previous !== 'string' || maskSecret(previous) !== value) {
      unresolved.push({ path, reason: 'no-stored-secret' });
    } else if (
      secretDestination(definition, field.target, field.rootField) !==
      secretDestination(storedLoose as Loose, field.target, field.rootField)
    ) {
      unresolved.push({ path, reason: 'destination-changed' });
    } else {
      write(definition, field.path, previous);
    }
  }
  return { definition, unresolved };
}
