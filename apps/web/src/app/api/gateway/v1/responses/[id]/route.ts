import { getRuntime } from '@/server/entry';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const GET = async (request: Request, context: Context) =>
  (await getRuntime()).gateway.getResponse(request, (await context.params).id);

export const DELETE = async (request: Request, context: Context) =>
  (await getRuntime()).gateway.deleteResponse(request, (await context.params).id);
