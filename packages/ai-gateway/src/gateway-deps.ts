import type { CustomLlmDefinition, CustomLlmPricing } from './definition/custom-llm-definition-schema';
import type { GatewayError } from './errors/gateway-error';
import type { MemoizedCredentialProvider } from './providers/bedrock/bedrock-credentials';
import type { UpstreamHttpRequest } from './providers/types';
import type { ResponsesOptions } from './responses/create-responses-endpoints';
import type { TargetHealth } from './routing/target-health';
import type { GatewayEndpoint, UsageRecord } from './usage/usage-record';

/** A caller key as the gateway sees it after authentication (never the key itself). */
export type CallerKey = {
  id: string;
  name: string;
  /** Last 4 characters, for logs. */
  hint: string;
  /** Public ids (or aliases) this key may use; undefined = all. */
  allowedModels?: readonly string[] | undefined;
};

export type ResolvedModel = { publicId: string; definition: CustomLlmDefinition };

/** Sends one upstream request. Must not follow redirects and must honour `signal`. */
export type UpstreamFetch = (request: UpstreamHttpRequest, signal: AbortSignal) => Promise<Response>;

export type GatewayLogger = {
  debug?(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
};

export type GatewayLimits = {
  /** Largest request body accepted, in bytes (413 above). */
  maxBodyBytes: number;
  /** Time allowed from sending the upstream request to its response headers and first byte. */
  firstByteTimeoutMs: number;
  /** Longest silence allowed between two chunks of a streaming upstream response. */
  idleTimeoutMs: number;
  /** Extra attempts for 429/503/connection errors, only before the first byte reaches the caller. */
  maxRetries: number;
  /** Base of the jittered exponential backoff between attempts. */
  retryBaseDelayMs: number;
  /** Longest `retry-after` the gateway will wait itself; longer ones go back to the caller. */
  maxRetryAfterMs: number;
  /** Longest SSE line or event an upstream may send (a 502 past it, never unbounded memory). */
  maxUpstreamEventBytes: number;
  /** Largest whole (non-streamed) upstream answer read. */
  maxUpstreamBodyBytes: number;
};

export const DEFAULT_LIMITS: GatewayLimits = {
  maxBodyBytes: 20 * 1024 * 1024,
  // A non-streaming answer only starts when the model has finished: long outputs take minutes.
  firstByteTimeoutMs: 300_000,
  idleTimeoutMs: 60_000,
  maxRetries: 2,
  retryBaseDelayMs: 200,
  maxRetryAfterMs: 5_000,
  maxUpstreamEventBytes: 8 * 1024 * 1024,
  maxUpstreamBodyBytes: 32 * 1024 * 1024,
};

/** What admission is told about a request, after its model is known and before it goes upstream. */
export type AdmissionRequest = {
  publicId: string;
  endpoint: GatewayEndpoint;
  /** A rough token count for per-minute token limits: input size / 4 plus the output cap. */
  estimatedTokens: number;
  pricing: CustomLlmPricing | undefined;
};

/** An admitted request's hold on its limits. */
export type AdmissionTicket = {
  /** Added to the response whatever its status (e.g. `x-ratelimit-remaining-requests`). */
  headers?: Record<string, string>;
  /** Called exactly once when the request ends, on every exit, with its final record. */
  settle(record: UsageRecord): void;
};

/** Observability hooks (metrics, traces). */
export type GatewayObserver = {
  /** One per gateway request, before authentication. */
  requestStarted(request: Request, endpoint: GatewayEndpoint): RequestObservation | undefined;
  /** A request moved from one target to another after a retryable failure. */
  failover?(info: { publicId: string; from: string; to: string }): void;
  /** A target was put in cooldown. */
  cooldown?(info: { publicId: string; target: string; until: Date }): void;
};

export type AttemptInfo = { target: string; provider: string; upstreamModel: string; attempt: number };
export type AttemptOutcome = { status: number; errorCode?: string; retryable?: boolean };
export type AttemptObservation = { ended(outcome: AttemptOutcome): void };

export type RequestObservation = {
  /** Each upstream attempt as it starts; `ended` when it has an answer or failed. */
  attemptStarted(attempt: AttemptInfo): AttemptObservation;
  /** A stream's 200 was committed (open streams). */
  streamOpened?(): void;
  /** Exactly once, with the final record. */
  ended(
    record: UsageRecord,
    extra: { finishReason?: string | undefined; responseModel?: string | undefined },
  ): void;
};

/** Everything impure the core needs, passed in so a test drives it with a plain Request. */
export type GatewayDeps = {
  /** Looks a caller key up (from a cache: this is on the hot path). */
  verifyCallerKey(key: string): CallerKey | undefined | Promise<CallerKey | undefined>;
  /** Resolves a model name (public id, then aliases) to its definition, secrets decrypted. */
  resolveModel(model: string): ResolvedModel | undefined | Promise<ResolvedModel | undefined>;
  /** Every definition the caller may list in `/v1/models`. */
  listModels(): readonly ResolvedModel[] | Promise<readonly ResolvedModel[]>;
  fetch: UpstreamFetch;
  now: () => Date;
  generateId: () => string;
  /** Refuses upstream URLs the SSRF policy does not allow (throws GatewayError). */
  checkUpstreamUrl?: (url: URL, context: { bedrock: boolean }) => void;
  /**
   * Per-key admission: rate limits, concurrency and budgets. Throws GatewayError (429) to refuse;
   * an admitted request's ticket is settled exactly once when it ends.
   */
  admitCaller?: (
    caller: CallerKey,
    request: AdmissionRequest,
  ) => AdmissionTicket | undefined | Promise<AdmissionTicket | undefined>;
  observer?: GatewayObserver;
  /** AWS credentials for Bedrock definitions that use the default chain (env, profile, IMDS, …). */
  aws?: {
    defaultCredentials?: MemoizedCredentialProvider;
    /** STS endpoint for targets with `role_arn` (tests: the emulator); default AWS's regional one. */
    stsEndpoint?: string;
    /** How long before an assumed role's session expires it is refreshed (default 5 minutes). */
    assumeRoleRefreshMs?: number;
  };
  /** Called once per request when it ends; must not block (batch it). */
  recordUsage?: (record: UsageRecord) => void;
  /** Image download for definitions with `allow_image_urls`. */
  fetchImage?: (url: string) => Promise<{ mediaType: string; data: string }>;
  logger?: GatewayLogger;
  limits?: Partial<GatewayLimits>;
  /** `/v1/responses`: where stored responses live and the key that seals reasoning. */
  responses?: ResponsesOptions;
  sleep?: (milliseconds: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  /**
   * Cooldown state of targets (shared by every instance with Redis; `createGateway` makes an
   * in-memory one when absent).
   */
  targetHealth?: TargetHealth;
};

export type ErrorRenderer = (error: GatewayError, headers?: HeadersInit) => Response;
