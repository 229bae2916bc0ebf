import type { ScenarioStore } from './scenarios/scenario-store';
import type { AssumeRoleCall, EmulatorCredential, EmulatorRole, RecordedRequest } from './types';

/** Everything the faces share, resolved from `EmulatorOptions`. */
export type EmulatorState = {
  /** Regions whose SigV4 scope is accepted; the first is the default for unsigned requests. */
  regions: readonly string[];
  /** Configured credentials, then those STS AssumeRole issued (with their expiry). */
  credentials: EmulatorCredential[];
  roles: readonly EmulatorRole[];
  defaultSessionSeconds: number;
  bedrockApiKeys: readonly string[];
  openAiApiKey?: string;
  anthropicApiKey?: string;
  now: () => Date;
  verifySignatures: boolean;
  scenarios: ScenarioStore;
  /** Faults keyed by region instead of model id. */
  regionFaults: ScenarioStore;
  assumeRoleCalls: AssumeRoleCall[];
  requests: RecordedRequest[];
  promptCache: Set<string>;
};

/** One request as the faces see it: the recorded form plus the raw pieces needed for SigV4. */
export type EmulatorRequest = {
  record: RecordedRequest;
  /** The path the faces route on: the wire path without a `/region/<region>` prefix. */
  routePath: string;
  /** The region named by a `/region/<region>` path prefix, if any. */
  pathRegion?: string;
  rawHeaders: readonly string[];
  body: Buffer;
};
