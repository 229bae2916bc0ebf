import type { Runtime } from '../runtime';

export function adminError(status: number, message: string): Response {
  return Response.json({ error: { message } }, { status });
}

export async function readJson(
  request: Request,
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  try {
    return { ok: true, value: await request.json() };
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
