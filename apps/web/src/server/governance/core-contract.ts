/** The core's hook types governance implements (re-exported so governance files import one place). */
export type {
  AdmissionRequest,
  AdmissionTicket,
  AttemptInfo,
  AttemptObservation,
  AttemptOutcome,
  GatewayEndpoint,
  GatewayObserver,
  RequestObservation,
  UsageRecord,
} from '@gateway/ai-gateway';

import type { AdmissionRequest, AdmissionTicket, CallerKey } from '@gateway/ai-gateway';

/** deps.admitCaller: refuses by throwing a GatewayError (429 rate_limit_exceeded / budget_exceeded). */
export type AdmitCaller = (
  caller: CallerKey,
  request: AdmissionRequest,
) => AdmissionTicket | undefined | Promise<AdmissionTicket | undefined>;
