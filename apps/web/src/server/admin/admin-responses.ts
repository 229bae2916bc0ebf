import { exceedsJsonDepth, isGatewayError, MAX_JSON_DEPTH, readLimitedText } from '@gateway/ai-gateway';
import type { Runtime } from '../runtime';

/** Cap on every admin JSON body: a definition or key request is a few KB; 1 MB leaves room. */
export const MAX_ADMIN_BODY_BYTES = 1024 * 1024;
/** Cap on the unauthenticated login body (`{"token":"..."}`), read before anything is parsed. */
export const MAX_LOGIN_BODY_BYTES = 4 * 1024;

export function adminError(status: number, message: string): Response {
  return Response.json({ error: { message } }, { status });
}

/**
 * An admin JSON body, size-capped as it is read (413) and depth-checked before JSON.parse (400),
 * so no request can hold the event loop with a huge or deeply nested body (issue 17 #2).
 */
export async function readJson(
  request: Request,
  maxBytes = MAX_ADMIN_BODY_BYTES,
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  let text: string;
  try {
    text = await readLimitedText(request, maxBytes);
  } catch (error) {
    if (isGatewayError(error) && error.status === 413) {
      return { ok: false, response: adminError(413, `The request body is larger than ${maxBytes} bytes.`) };
    }
    return { ok: false, response: adminError(400, 'The request body could not be read.') };
  }
  if (exceedsJsonDepth(text, MAX_JSON_DEPTH)) {
    return {
      ok: false,
      response: adminError(400, `The request body is nested deeper than ${MAX_JSON_DEPTH} levels.`),
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, response: adminError(400, 'The request body is not valid JSON.') };
  }
}

/**
 * An admin call that fails because the database is unreachable gets a clear 503 (the gateway
 * itself keeps serving from its caches); anything else is a 500 without internals.
 */
export async function withDatabaseErrors(runtime: Runtime, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    const reachable = await runtime.database
      .ping()
      .then(() => true)
      .catch(() => false);
    if (!reachable) {
      runtime.logger.warn({ err: (error as Error).message }, 'admin call failed: database unavailable');
      return Response.json(
        {
          error: {
            message:
              'The database is unavailable; admin changes cannot be saved right now. Try again shortly.',
          },
        },
        { status: 503, headers: { 'retry-after': '5' } },
      );
    }
    runtime.logger.error({ err: (error as Error).message }, 'admin call failed');
    return adminError(500, 'The admin request failed.');
  }
}
