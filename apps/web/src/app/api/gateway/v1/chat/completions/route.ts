/**
 * A hot gateway path as a static route: the same handlers as app/api/[...path] (the one router),
 * matched by Next without a dynamic segment to parse.
 */
export { DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT } from '@/server/http/next-route-handlers';

export const dynamic = 'force-dynamic';
