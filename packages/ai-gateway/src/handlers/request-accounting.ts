import { clientClosedError, type GatewayError } from '../errors/gateway-error';
import type {
  AdmissionTicket,
  CallerKey,
  GatewayDeps,
  RequestObservation,
  ResolvedModel,
} from '../gateway-deps';
import type { Upstream } from '../providers/types';
import { computeCostUsd } from '../usage/compute-cost';
import { EMPTY_USAGE, type GatewayEndpoint, type TokenUsage, type UsageRecord } from '../usage/usage-record';

/**
 * What one request did, written once when it ends: one UsageRecord to `recordUsage`, the
 * admission ticket settled, the observation ended. `finish` is idempotent; the endpoint wrapper
 * (create-endpoint-handler.ts) calls it for every response that is not a stream still running,
 * and the stream builders call it when their stream ends, so no exit can forget it.
 */
export class RequestAccounting {
  readonly requestId: string;
  private readonly startedAt: Date;
  private caller: CallerKey | undefined;
  private model: ResolvedModel | undefined;
  private target: string | undefined;
  private attempts = 0;
  private stream = false;
  private usage: TokenUsage = EMPTY_USAGE;
  private firstByteAt: number | undefined;
  private finishReason: string | undefined;
  private ticket: AdmissionTicket | undefined;
  private recorded = false;
  private pendingStream = false;

  constructor(
    private readonly deps: GatewayDeps,
    readonly endpoint: GatewayEndpoint,
    private readonly observation: RequestObservation | undefined,
  ) {
    this.requestId = deps.generateId();
    this.startedAt = deps.now();
  }

  /** A stream builder took over (its 200 is committed): it calls `finish` when the stream ends. */
  get streamPending(): boolean {
    return this.pendingStream;
  }

  set streamPending(pending: boolean) {
    if (pending && !this.pendingStream && !this.recorded) this.observation?.streamOpened?.();
    this.pendingStream = pending;
  }

  setCaller(caller: CallerKey): void {
    this.caller = caller;
  }

  setModel(model: ResolvedModel, stream: boolean): void {
    this.model = model;
    this.stream = stream;
  }

  setTicket(ticket: AdmissionTicket | undefined): void {
    this.ticket = ticket;
  }

  /** The target that answered (its `x-gateway-target` name). Attempts are counted as they start. */
  setTarget(target: string): void {
    this.target = target;
  }

  /** Every attempt across targets and fallbacks; the last one names the target until one answers. */
  countAttempt(upstream: Upstream): void {
    this.target = upstream.name;
    this.attempts++;
  }

  /** Keeps the largest value seen per field: streams report usage in several events. */
  addUsage(usage: TokenUsage): void {
    this.usage = {
      input_tokens: Math.max(this.usage.input_tokens, usage.input_tokens),
      output_tokens: Math.max(this.usage.output_tokens, usage.output_tokens),
      cache_read_input_tokens: Math.max(this.usage.cache_read_input_tokens, usage.cache_read_input_tokens),
      cache_creation_input_tokens: Math.max(
        this.usage.cache_creation_input_tokens,
        usage.cache_creation_input_tokens,
      ),
    };
  }

  setFinishReason(reason: string | null | undefined): void {
    if (reason) this.finishReason = reason;
  }

  markFirstByte(): void {
    this.firstByteAt ??= this.deps.now().getTime();
  }

  /** The end of a stream the caller was reading: completed, failed, or cancelled by the caller (499). */
  finishStream(outcome: { error: GatewayError | undefined; cancelled: boolean }): void {
    const error = outcome.error ?? (outcome.cancelled ? clientClosedError() : undefined);
    this.finish(error ? error.status : 200, error);
  }

  finish(status: number, error?: GatewayError): void {
    if (this.recorded) return;
    this.recorded = true;
    this.pendingStream = false;
    const startedMs = this.startedAt.getTime();
    const record: UsageRecord = {
      requestId: this.requestId,
      apiKeyId: this.caller?.id,
      publicId: this.model?.publicId,
      upstreamModel: this.model?.definition.internal_id,
      endpoint: this.endpoint,
      target: this.target,
      attempts: this.attempts,
      status,
      usage: this.usage,
      costUsd: computeCostUsd(this.model?.definition.pricing, this.usage),
      ttfbMs: this.firstByteAt === undefined ? undefined : this.firstByteAt - startedMs,
      latencyMs: this.deps.now().getTime() - startedMs,
      stream: this.stream,
      errorCode: error?.code,
      errorMessage: error?.message,
      startedAt: this.startedAt,
    };
    // One structured line per request at debug level (the request id ties it to x-request-id;
    // never a key or body). Off by default: at thousands of requests per second the line itself
    // was a measurable share of the gateway's CPU. LOG_LEVEL=debug turns it on.
    this.deps.logger?.debug?.(
      {
        requestId: record.requestId,
        keyId: record.apiKeyId,
        model: record.publicId,
        target: record.target,
        endpoint: record.endpoint,
        status: record.status,
        stream: record.stream,
        latencyMs: record.latencyMs,
        ttfbMs: record.ttfbMs,
        inputTokens: record.usage.input_tokens,
        outputTokens: record.usage.output_tokens,
        errorCode: record.errorCode,
      },
      'request',
    );
    this.hand('admission', () => this.ticket?.settle(record));
    this.hand('observer', () =>
      this.observation?.ended(record, {
        finishReason: this.finishReason,
        responseModel: record.upstreamModel,
      }),
    );
    this.hand('usage recording', () => this.deps.recordUsage?.(record));
  }

  /** A failing hook is logged, never allowed to break the response or the other hooks. */
  private hand(what: string, work: () => void): void {
    try {
      work();
    } catch (hookError) {
      this.deps.logger?.error({ requestId: this.requestId, err: String(hookError) }, `${what} failed`);
    }
  }
}
