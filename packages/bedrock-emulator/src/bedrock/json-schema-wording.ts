/**
 * Bedrock validates native model bodies with a JSON-schema validator and reports every violation
 * concatenated: `Malformed input request: #: extraneous key [stream] is not permitted#/x: ..., please
 * reformat your input and try again.` These helpers keep that wording in one place.
 */
export function malformedInput(violations: readonly string[]): string {
  return `Malformed input request: ${violations.join('')}, please reformat your input and try again.`;
}

/** The validator's name for a JSON value's type, as in `expected type: String, found: JSONArray`. */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'JSONArray';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'BigDecimal';
  if (typeof value === 'boolean') return 'Boolean';
  return 'JSONObject';
}

/** `#: extraneous key [name] is not permitted` for each key outside `allowed`, in body order. */
export function extraneousKeys(body: Record<string, unknown>, allowed: readonly string[]): string[] {
  return Object.keys(body)
    .filter((key) => !allowed.includes(key))
    .map((key) => `#: extraneous key [${key}] is not permitted`);
}
