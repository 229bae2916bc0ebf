import { getAdminApi } from '@/server/entry';

export const dynamic = 'force-dynamic';

/** Login: `{"token": "<admin token>"}` -> session cookie. */
export const POST = async (request: Request) => (await getAdminApi()).login(request);
/** Logout. */
export const DELETE = async () => (await getAdminApi()).logout();
