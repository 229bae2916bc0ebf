import { createHmac, timingSafeEqual } from 'node:crypto';

// Claude signs each thinking block and refuses a changed one in history; the emulator does the same with
// a fixed key, so a gateway that alters (or drops) a signature on a round trip fails here as on Claude.
const SIGNING_KEY = 'bedrock-emulator-thinking-signature';

/** The signature the emulator gives a thinking block with this text (deterministic, base64). */
export function signThinking(thinking: string): string {
  return createHmac('sha256', SIGNING_KEY).update(thinking, 'utf8').digest('base64');
}

export function isValidThinkingSignature(thinking: string, signature: string): boolean {
  const expected = Buffer.from(signThinking(thinking), 'utf8');
  const actual = Buffer.from(signature, 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The emulator's "reasoning" for a turn: short, deterministic, quoting what it answers. */
export function thinkingText(lastUserText: string, lastToolResult: string | undefined): string {
  if (lastToolResult !== undefined) return `The tool answered; I will report: ${lastToolResult.slice(0, 80)}`;
  return `The user said: ${lastUserText.slice(0, 80)}`;
}
