/**
 * Upstream error messages are passed on to callers where they explain the caller's mistake (400,
 * 404, 422, mid-stream errors), but an upstream may quote what it was sent, including the
 * gateway's own upstream key ("Incorrect API key provided: sk-..."). Anything shaped like a
 * credential is masked before a message leaves the gateway: provider-prefixed keys, bearer
 * tokens, AWS key ids, and long base64/hex runs (secret keys, signatures, JWT parts). Model ids
 * and ordinary words (which contain `-`, `.` or `:` and are short) stay readable.
 */
const CREDENTIAL_PATTERNS: readonly RegExp[] = [
  /\b(?:sk|pk|rk)-[A-Za-z0-9_-]{8,}/g,
  /\bBearer\s+[^\s"',]+/gi,
  /\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b/g,
  /[A-Za-z0-9+/_=]{32,}/g,
];

export const REDACTED = '[redacted]';

export function redactCredentials(text: string): string {
  return CREDENTIAL_PATTERNS.reduce((current, pattern) => current.replace(pattern, REDACTED), text);
}
