import type { ScenarioStore } from './scenarios/scenario-store';
import type { EmulatorCredential, RecordedRequest } from './types';

/** Everything the faces share, resolved from `EmulatorOptions`. */
export type EmulatorState = {
  region: string;
  credentials: readonly EmulatorCredential[];
  bedrockApiKeys: readonly string[];
  openAiApiKey?: string;
  anthropicApiKey?: string;
  now: () => Date;
  verifySignatures: boolean;
  scenarios: ScenarioStore;
  requests: RecordedRequest[];
  promptCache: Set<string>;
};

/** One request as the faces see it: the recorded form plus the raw pieces needed for SigV4. */
export type EmulatorRequest = {
  record: RecordedRequest;
  rawHeaders: readonly string[];
  body: Buffer;
};
