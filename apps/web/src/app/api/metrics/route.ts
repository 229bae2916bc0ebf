import { getGovernanceApi } from '@/server/governance/governance-entry';

export const dynamic = 'force-dynamic';

export const GET = async (request: Request) => (await getGovernanceApi()).metrics(request);
