import { getRuntime } from '@/server/entry';
import { readiness } from '@/server/http/gateway-router';

export const dynamic = 'force-dynamic';

/** Readiness: the database answers and its migrations are current. */
export const GET = async () => {
  try {
    return await readiness(await getRuntime());
  } catch {
    return Response.json({ status: 'database_unavailable' }, { status: 503 });
  }
};
