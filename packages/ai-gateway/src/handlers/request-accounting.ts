import type { GatewayError } from '../errors/gateway-error';
import type { CallerKey, GatewayDeps, ResolvedModel } from '../gateway-deps';
import { computeCostUsd } from '../usage/compute-cost';
import { EMPTY_USAGE, type TokenUsage, type UsageRecord } from '../usage/usage-record';

/** Collects what one request did, and hands one UsageRecord to `deps.recordUsage` at the end. */
export class RequestAccounting {
  readonly requestId: string;
  private readonly startedAt: Date;
  private caller: CallerKey | undefined;
  private model: ResolvedModel | undefined;
  private stream = false;
  private usage: TokenUsage = EMPTY_USAGE;
  private firstByteAt: number | undefined;
  private recorded = false;

  constructor(
    private readonly deps: GatewayDeps,
    private readonly endpoint: UsageRecord['endpoint'],
  ) {
    this.requestId = deps.generateId();
    this.startedAt = deps.now();
  }

  setCaller(caller: CallerKey): void {
    this.caller = caller;
  }

  setModel(model: ResolvedModel, stream: boolean): void {
    this.model = model;
    this.stream = stream;
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

  markFirstByte(): void {
    this.firstByteAt ??= this.deps.now().getTime();
  }

  finish(status: number, error?: GatewayError): void {
    if (this.recorded) return;
    this.recorded = true;
    const startedMs = this.startedAt.getTime();
    const record: UsageRecord = {
      requestId: this.requestId,
      apiKeyId: this.caller?.id,
      publicId: this.model?.publicId,
      upstreamModel: this.model?.definition.internal_id,
      endpoint: this.endpoint,
      status,
      usage: this.usage,
      costUsd: computeCostUsd(this.model?.definition.pricing, this.usage),
      ttfbMs: this.firstByteAt === undefined ? undefined : this.firstByteAt - startedMs,
      latencyMs: this.deps.now().getTime() - startedMs,
      stream: this.stream,
      errorCode: error?.code,
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
    try {
      this.deps.recordUsage?.(record);
    } catch (recordError) {
      this.deps.logger?.error(
        { requestId: this.requestId, err: String(recordError) },
        'usage recording failed',
      );
    }
  }
}
