import { getAdminApi } from '@/server/entry';
import { getGovernanceApi } from '@/server/governance/governance-entry';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const DELETE = async (request: Request, context: Context) =>
  (await getAdminApi()).revokeApiKey((await context.params).id)(request);

export const PATCH = async (request: Request, context: Context) =>
  (await getGovernanceApi()).updateApiKeyLimits((await context.params).id)(request);
