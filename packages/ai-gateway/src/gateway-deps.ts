import type { CustomLlmDefinition } from './definition/custom-llm-definition-schema';
import type { GatewayError } from './errors/gateway-error';
import type { UpstreamHttpRequest } from './providers/types';
import type { ResponsesOptions } from './responses/create-responses-endpoints';
import type { UsageRecord } from './usage/usage-record';

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
};

export const DEFAULT_LIMITS: GatewayLimits = {
  maxBodyBytes: 20 * 1024 * 1024,
  // A non-streaming answer only starts when the model has finished: long outputs take minutes.
  firstByteTimeoutMs: 300_000,
  idleTimeoutMs: 60_000,
  maxRetries: 2,
  retryBaseDelayMs: 200,
  maxRetryAfterMs: 5_000,
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
  /** Per-key admission: rate limits and budgets. Throws GatewayError (429/403) to refuse. */
  admitCaller?: (caller: CallerKey, publicId: string) => void | Promise<void>;
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
};

export type ErrorRenderer = (error: GatewayError, headers?: HeadersInit) => Response;
