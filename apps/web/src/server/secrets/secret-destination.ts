/**
 * Where a definition's secrets are sent: the upstream origin (scheme, host, port of `base_url`),
 * the provider kind (Bedrock or the wire format), and the Bedrock region, per target by name when
 * the definition has `targets` (a field a target omits is taken from the top level). Two uses:
 * a masked secret is kept only while its destination is unchanged (issue 17 #4), and the
 * destination is bound into the ciphertext's associated data, so editing it in the database makes
 * the secrets unreadable instead of sending them elsewhere (issue 17 #5).
 */
type Loose = Record<string, unknown>;

export type Destination = { origin: string; kind: string; region: string };

const asObject = (value: unknown): Loose | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined;

function originOf(baseUrl: unknown): string {
  if (typeof baseUrl !== 'string') return '';
  try {
    return new URL(baseUrl).origin;
  } catch {
    return baseUrl;
  }
}

function destinationOf(own: Loose, top: Loose): Destination {
  const pick = (field: string) => (field in own ? own[field] : top[field]);
  const bedrock = asObject(pick('aws_bedrock'));
  const adapter = asObject(pick('openclaw_settings'))?.api_adapter;
  return {
    origin: originOf(pick('base_url')),
    kind: bedrock ? 'aws_bedrock' : typeof adapter === 'string' ? adapter : 'openai-completions',
    region: typeof bedrock?.region === 'string' ? bedrock.region : '',
  };
}

/** The targets of a definition by name (empty without `targets`). */
export function targetsByName(definition: Loose): Map<string, Loose> {
  const targets = new Map<string, Loose>();
  const list = definition.targets;
  if (!Array.isArray(list)) return targets;
  for (const entry of list) {
    const target = asObject(entry);
    if (target && typeof target.name === 'string') targets.set(target.name, target);
  }
  return targets;
}

/**
 * The destination a secret reaches. A target's own secret goes to that target only; a top-level
 * secret goes to the top level and to every target that does not set the secret's root field.
 */
export function secretDestination(definition: Loose, target: string | undefined, rootField: string): string {
  const targets = targetsByName(definition);
  if (target !== undefined) {
    const own = targets.get(target);
    return own ? JSON.stringify([target, destinationOf(own, definition)]) : JSON.stringify([target, null]);
  }
  const reached: unknown[] = [destinationOf(definition, definition)];
  for (const name of [...targets.keys()].sort()) {
    const own = targets.get(name) as Loose;
    if (!(rootField in own)) reached.push([name, destinationOf(own, definition)]);
  }
  return JSON.stringify(reached);
}

/** Every destination of the definition, canonical: bound into the secrets' ciphertext. */
export function definitionDestinations(definition: Loose): string {
  const targets = targetsByName(definition);
  return JSON.stringify([
    destinationOf(definition, definition),
    ...[...targets.keys()]
      .sort()
      .map((name) => [name, destinationOf(targets.get(name) as Loose, definition)]),
  ]);
}
