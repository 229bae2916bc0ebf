import { getRuntime } from '@/server/entry';

export const dynamic = 'force-dynamic';

export const POST = async (request: Request) => (await getRuntime()).gateway.responses(request);
