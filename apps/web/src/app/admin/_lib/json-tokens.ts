/** A JSON token with its offsets in the text; strings keep their raw (quoted) span. */
export type JsonToken =
  | { type: 'string'; from: number; to: number; value: string; closed: boolean }
  | { type: 'punct'; from: number; to: number; value: '{' | '}' | '[' | ']' | ':' | ',' }
  | { type: 'literal'; from: number; to: number; value: string };

const PUNCT = new Set(['{', '}', '[', ']', ':', ',']);

function decodeString(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, raw.endsWith('"') && raw.length > 1 ? -1 : undefined);
  }
}

/**
 * Splits JSON text into tokens, tolerating what a person types mid-edit (an unclosed string, a
 * stray word): the editor needs positions even while the text does not parse.
 */
export function tokenizeJson(text: string): JsonToken[] {
  const tokens: JsonToken[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    if (char === ' ' || char === '\n' || char === '\r' || char === '\t') {
      index += 1;
    } else if (char === '"') {
      let end = index + 1;
      let closed = false;
      while (end < text.length) {
        const current = text[end];
        if (current === '\\') end += 2;
        else if (current === '"') {
          closed = true;
          end += 1;
          break;
        } else if (current === '\n') break;
        else end += 1;
      }
      end = Math.min(end, text.length);
      const raw = text.slice(index, end);
      tokens.push({ type: 'string', from: index, to: end, value: decodeString(raw), closed });
      index = end;
    } else if (PUNCT.has(char)) {
      tokens.push({ type: 'punct', from: index, to: index + 1, value: char as '{' });
      index += 1;
    } else {
      let end = index + 1;
      while (end < text.length && !/[\s{}[\]:,"]/.test(text[end] as string)) end += 1;
      tokens.push({ type: 'literal', from: index, to: end, value: text.slice(index, end) });
      index = end;
    }
  }
  return tokens;
}
