/**
 * TEMPORARY: the hook types the rewritten core (packages/ai-gateway) will export. Declared here
 * so governance can be built while the core is rewritten; the integrator replaces this file with
 * re-exports from `@gateway/ai-gateway`.
 */
import type { CallerKey, UsageRecord as CoreUsageRecord, CustomLlmPricing } from '@gateway/ai-gateway';

export type GatewayEndpoint =
  | 'chat.completions'
  | 'messages'
  | 'count_tokens'
  | 'responses'
  | 'embeddings'
  | 'bedrock';

/** The core's UsageRecord once the rewrite adds these fields. */
export type UsageRecord = Omit<CoreUsageRecord, 'endpoint'> & {
  endpoint: GatewayEndpoint;
  /** The target (provider route) that served the last attempt. */
  target: string | undefined;
  attempts: number;
  /** Masked by the core. */
  errorMessage: string | undefined;
};

export type AdmissionRequest = {
  publicId: string;
  endpoint: GatewayEndpoint;
  /** Input size estimate + max_tokens (0 when unknown). */
  estimatedTokens: number;
  pricing: CustomLlmPricing | undefined;
};

export type AdmissionTicket = {
  /** Added to every response of the request. */
  headers?: Record<string, string>;
  /** Called exactly once per admitted request, on every exit, with the final record. */
  settle(record: UsageRecord): void;
};

/** deps.admitCaller: refuses by throwing a GatewayError (429 rate_limited / budget_exceeded). */
export type AdmitCaller = (
  caller: CallerKey,
  request: AdmissionRequest,
) => AdmissionTicket | undefined | Promise<AdmissionTicket | undefined>;

export type AttemptInfo = { target: string; provider: string; upstreamModel: string; attempt: number };
export type AttemptOutcome = { status: number; errorCode?: string; retryable?: boolean };
export type AttemptObservation = { ended(outcome: AttemptOutcome): void };

export type RequestObservation = {
  attemptStarted(attempt: AttemptInfo): AttemptObservation;
  /** PROPOSED (not in the integrator's contract yet): the 200 of a stream was committed. */
  streamOpened?(): void;
  ended(record: UsageRecord, extra: { finishReason?: string; responseModel?: string }): void;
};

export type GatewayObserver = {
  requestStarted(request: Request, endpoint: GatewayEndpoint): RequestObservation | undefined;
  failover?(info: { publicId: string; from: string; to: string }): void;
  cooldown?(info: { publicId: string; target: string; until: Date }): void;
};
