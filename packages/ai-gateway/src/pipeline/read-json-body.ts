import { GatewayError } from '../errors/gateway-error';
import { readTextUpTo } from '../streams/read-text-up-to';

/**
 * The deepest JSON nesting a request may have. JSON.parse on a deeply nested body costs far more
 * time and memory than a flat one of the same size (issue 17 #3: 10 MB nested took 5.2 s and ~30x
 * its size), and no chat, tool schema or definition comes near 64 levels.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Reads the caller's body with a size cap (413 past it, counted as it streams in, so a lying or
 * missing content-length cannot get around it), refuses nesting deeper than `maxDepth` before
 * parsing (400), and parses it as a JSON object (400 otherwise).
 */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
  maxDepth = MAX_JSON_DEPTH,
): Promise<Record<string, unknown>> {
  const text = await readLimitedText(request, maxBytes);
  if (exceedsJsonDepth(text, maxDepth)) {
    throw new GatewayError({
      code: 'invalid_request',
      status: 400,
      message: `The request body is nested deeper than the gateway's limit of ${maxDepth} levels.`,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new GatewayError({
      code: 'invalid_json',
      status: 400,
      message: 'The request body is not valid JSON.',
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new GatewayError({
      code: 'invalid_request',
      status: 400,
      message: 'The request body must be a JSON object.',
    });
  }
  return parsed as Record<string, unknown>;
}

/** The body as text, at most `maxBytes` (a GatewayError 413 past it), never parsed. */
export async function readLimitedText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  // With a content-length the HTTP parser already bounds the body, so one native read suffices
  // (the common case, and far fewer awaits); without one it is counted as it streams in.
  return Number.isFinite(declared) ? await request.text() : await readTextWithLimit(request, maxBytes);
}

/**
 * Whether `[`/`{` nest deeper than `maxDepth` outside strings. One pass; strings are skipped with
 * native `indexOf` (they are most of a chat body), so 1 MB costs well under a millisecond or two.
 * Invalid JSON is not this function's concern: JSON.parse reports it afterwards.
 */
export function exceedsJsonDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const character = text.charCodeAt(index);
    if (character === 34 /* " */) {
      index = endOfString(text, index);
      if (index === -1) return false;
    } else if (character === 123 /* { */ || character === 91 /* [ */) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (character === 125 /* } */ || character === 93 /* ] */) {
      depth -= 1;
    }
  }
  return false;
}

/** Index of the quote closing the string opened at `start`, or -1 when it never closes. */
function endOfString(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return -1;
    let backslashes = 0;
    for (let index = quote - 1; index > start && text.charCodeAt(index) === 92; index--) backslashes++;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

async function readTextWithLimit(request: Request, maxBytes: number): Promise<string> {
  if (request.body === null) return '';
  const { text, overLimit } = await readTextUpTo(request.body, maxBytes);
  if (overLimit) {
    // Stop reading but do not cancel: cancelling a node-backed body destroys the socket before
    // the 413 can be written. The server closes the connection after answering instead.
    overLimit.releaseLock();
    throw tooLarge(maxBytes);
  }
  return text;
}

function tooLarge(maxBytes: number): GatewayError {
  return new GatewayError({
    code: 'payload_too_large',
    status: 413,
    message: `The request body is larger than the gateway's limit of ${maxBytes} bytes.`,
  });
}
