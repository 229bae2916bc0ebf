import { getRuntime } from '@/server/entry';

export const dynamic = 'force-dynamic';

export const GET = async (request: Request) => (await getRuntime()).gateway.models(request);
