/**
 * Every /api route (gateway, admin, health) goes to the one router the node entries mount too:
 * one table, one path decoding (src/server/http/next-route-handlers.ts).
 */
export { DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT } from '@/server/http/next-route-handlers';

export const dynamic = 'force-dynamic';
