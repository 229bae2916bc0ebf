import { getAdminApi } from '@/server/entry';

export const dynamic = 'force-dynamic';

export const GET = async (request: Request) => (await getAdminApi()).listAudit(request);
