import { getRouter } from '@/server/entry';
import { notFound, type Router } from '@/server/http/router';

export const dynamic = 'force-dynamic';

/**
 * Every /api route (gateway, admin, health) goes to the one router the node entries mount too:
 * one table, one path decoding. It routes on the request's raw URL, never on Next's decoded
 * params, so both mounts see the same segments.
 */
async function handle(request: Request): Promise<Response> {
  // Once built, the router is used directly: under Next every await costs its async-context hooks.
  ready ??= await getRouter();
  return (await ready.route(request)) ?? notFound(new URL(request.url).pathname);
}
let ready: Router | undefined;

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
export const HEAD = handle;
export const OPTIONS = handle;
