/**
 * Upstream error messages are passed on to callers where they explain the caller's mistake (400,
 * 404, 422, mid-stream errors), but an upstream may quote what it was sent, including the
 * gateway's own upstream key ("Incorrect API key provided: sk-..."). Anything shaped like a
 * credential is masked before a message leaves the gateway: provider-prefixed keys, Google API
 * keys, bearer tokens, AWS key ids, and long base64/hex runs (secret keys, signatures, JWT parts).
 * Model ids and ordinary words (which contain `-`, `.` or `:` and are short) stay readable.
 * Patterns cannot know every key shape (a UUID-like key, one with `-` or `.` in it), so the exact
 * secrets the gateway holds for the request are masked too (issue 17 #12).
 */
const CREDENTIAL_PATTERNS: readonly RegExp[] = [
  /\b(?:sk|pk|rk)-[A-Za-z0-9_-]{8,}/g,
  /\bAIza[0-9A-Za-z_.-]{20,}/g,
  /\bBearer\s+[^\s"',]+/gi,
  /\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b/g,
  /[A-Za-z0-9+/_=]{32,}/g,
];

export const REDACTED = '[redacted]';

/** Exact values shorter than this are not masked: they would hit ordinary words. */
const MIN_KNOWN_SECRET_LENGTH = 6;

/**
 * Masks every credential-shaped run and every occurrence of `knownSecrets` (the upstream key,
 * secret access key, session token, credential headers of the definition that served the request).
 */
export function redactCredentials(text: string, knownSecrets: readonly string[] = []): string {
  let current = text;
  // Longest first, so a secret that contains another is masked whole; before the patterns, which
  // could otherwise mask part of it and leave the rest readable.
  const exact = knownSecrets
    .filter((secret) => secret.length >= MIN_KNOWN_SECRET_LENGTH)
    .sort((left, right) => right.length - left.length);
  for (const secret of exact) current = current.split(secret).join(REDACTED);
  return CREDENTIAL_PATTERNS.reduce((result, pattern) => result.replace(pattern, REDACTED), current);
}
