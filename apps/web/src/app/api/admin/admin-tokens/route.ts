import { getAdminApi } from '@/server/entry';

export const dynamic = 'force-dynamic';

export const GET = async (request: Request) => (await getAdminApi()).listAdminTokens(request);
export const POST = async (request: Request) => (await getAdminApi()).createAdminToken(request);
