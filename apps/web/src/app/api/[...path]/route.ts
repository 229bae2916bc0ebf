import { getRouter } from '@/server/entry';
import { notFound } from '@/server/http/router';

export const dynamic = 'force-dynamic';

/**
 * Every /api route (gateway, admin, health) goes to the one router the node entries mount too:
 * one table, one path decoding. It routes on the request's raw URL, never on Next's decoded
 * params, so both mounts see the same segments.
 */
async function handle(request: Request): Promise<Response> {
  const answer = (await getRouter()).route(request);
  return (await answer) ?? notFound(new URL(request.url).pathname);
}

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
export const HEAD = handle;
export const OPTIONS = handle;
