import { getAdminApi } from '@/server/entry';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const DELETE = async (request: Request, context: Context) =>
  (await getAdminApi()).revokeAdminToken((await context.params).id)(request);
