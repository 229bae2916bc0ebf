import { getRouter } from '../entry';
import { notFound, type Router } from './router';

/**
 * The route handlers every /api route file of the Next.js mount exports: the catch-all
 * (`app/api/[...path]`) and the static files of the hottest gateway paths, which Next matches
 * without parsing a dynamic segment (issue 18: the catch-all's param handling was a few per cent of
 * the route mode's CPU). All of them hand the request to the one router the node entries mount
 * too, which routes on the request's raw URL, never on Next's decoded params.
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
