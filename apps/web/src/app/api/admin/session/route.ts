import { getAdminApi } from '@/server/entry';

export const dynamic = 'force-dynamic';

/** Login: `{"token": "<admin token>"}` -> session cookie. */
export const POST = async (request: Request) => (await getAdminApi()).login(request);
/** Logout: ends the session server-side. */
export const DELETE = async (request: Request) => (await getAdminApi()).logout(request);
