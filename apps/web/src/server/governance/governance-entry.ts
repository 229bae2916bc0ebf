import { createGovernanceApi, type GovernanceApi } from '../admin/governance-api';
import { getRuntime } from '../runtime';

let governanceApi: Promise<GovernanceApi> | undefined;

/** The governance admin endpoints over the process-wide runtime (Next route handlers). */
export function getGovernanceApi(): Promise<GovernanceApi> {
  governanceApi ??= getRuntime().then(createGovernanceApi);
  return governanceApi;
}
