import { GatewayError } from '../errors/gateway-error';

/**
 * Reads the caller's body with a size cap (413 past it, counted as it streams in, so a lying or
 * missing content-length cannot get around it) and parses it as a JSON object (400 otherwise).
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<Record<string, unknown>> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  // With a content-length the HTTP parser already bounds the body, so one native read suffices
  // (the common case, and far fewer awaits); without one it is counted as it streams in.
  const text = Number.isFinite(declared) ? await request.text() : await readTextWithLimit(request, maxBytes);
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

async function readTextWithLimit(request: Request, maxBytes: number): Promise<string> {
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Stop reading but do not cancel: cancelling a node-backed body destroys the socket before
      // the 413 can be written. The server closes the connection after answering instead.
      reader.releaseLock();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(maxBytes: number): GatewayError {
  return new GatewayError({
    code: 'payload_too_large',
    status: 413,
    message: `The request body is larger than the gateway's limit of ${maxBytes} bytes.`,
  });
}
