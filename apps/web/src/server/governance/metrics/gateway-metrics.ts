import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GatewayObserver, RequestObservation, UsageRecord } from '../core-contract';
import type { LimitName } from '../key-admission';
import { endpointLabel, errorCodeLabel, type LabelPolicy, providerLabel, statusClass } from './metric-labels';

/** What the metrics read from the rest of the runtime at scrape time. */
export type MetricsSources = {
  usageQueueDepth: () => number;
  usageDropped: () => number;
  usageWriteFailures: () => number;
  /** Resolves true when the database answers (checked at scrape time). */
  databaseUp: () => Promise<boolean>;
  /** Absent when no Redis is configured (then the gauge is not exported at all). */
  redisUp?: () => boolean;
};

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const TTFB_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The gateway's Prometheus metrics on a registry of its own (not the global one, so Next's dev
 * reloads and tests with two runtimes never clash), and the GatewayObserver that feeds them.
 */
export function createGatewayMetrics(labels: LabelPolicy, sources: MetricsSources) {
  const registry = new Registry();
  const registers = [registry];

  const requests = new Counter({
    name: 'gateway_requests_total',
    help: 'Gateway requests by model, target, endpoint and status class.',
    labelNames: ['model', 'target', 'endpoint', 'status_class'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'gateway_request_duration_seconds',
    help: 'Time from request to the end of the answer (streams included).',
    labelNames: ['model', 'endpoint'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const timeToFirstByte = new Histogram({
    name: 'gateway_time_to_first_byte_seconds',
    help: 'Time from request to the first byte of the upstream answer.',
    labelNames: ['model', 'endpoint'] as const,
    buckets: TTFB_BUCKETS,
    registers,
  });
  const tokens = new Counter({
    name: 'gateway_tokens_total',
    help: 'Tokens by model and direction (input, output, cache_read, cache_write).',
    labelNames: ['model', 'direction'] as const,
    registers,
  });
  const cost = new Counter({
    name: 'gateway_cost_usd_total',
    help: 'Cost in dollars from the definitions pricing (unpriced models count 0).',
    labelNames: ['model'] as const,
    registers,
  });
  const attempts = new Counter({
    name: 'gateway_upstream_attempts_total',
    help: 'Upstream attempts by target, provider and outcome (ok, error).',
    labelNames: ['target', 'provider', 'outcome'] as const,
    registers,
  });
  const upstreamErrors = new Counter({
    name: 'gateway_upstream_errors_total',
    help: 'Failed upstream attempts by target and error code.',
    labelNames: ['target', 'error_code'] as const,
    registers,
  });
  const retries = new Counter({
    name: 'gateway_upstream_retries_total',
    help: 'Upstream attempts after the first one of a request, by target.',
    labelNames: ['target'] as const,
    registers,
  });
  const failovers = new Counter({
    name: 'gateway_failovers_total',
    help: 'Requests moved from one target to the next.',
    labelNames: ['model', 'from', 'to'] as const,
    registers,
  });
  const cooldowns = new Counter({
    name: 'gateway_cooldowns_total',
    help: 'Targets put in cooldown after failures.',
    labelNames: ['model', 'target'] as const,
    registers,
  });
  const inFlight = new Gauge({
    name: 'gateway_requests_in_flight',
    help: 'Gateway requests being served now.',
    registers,
  });
  const openStreams = new Gauge({
    name: 'gateway_streams_open',
    help: 'Streaming answers being relayed now.',
    registers,
  });
  const rejections = new Counter({
    name: 'gateway_limit_rejections_total',
    help: 'Requests refused by a per-key limit, by limit.',
    labelNames: ['limit'] as const,
    registers,
  });
  new Gauge({
    name: 'gateway_usage_queue_depth',
    help: 'Usage records waiting to be written.',
    registers,
    collect() {
      this.set(sources.usageQueueDepth());
    },
  });
  new Gauge({
    name: 'gateway_usage_records_dropped',
    help: 'Usage records dropped because the queue was full (since start).',
    registers,
    collect() {
      this.set(sources.usageDropped());
    },
  });
  new Gauge({
    name: 'gateway_usage_write_failures',
    help: 'Failed usage batch writes (since start).',
    registers,
    collect() {
      this.set(sources.usageWriteFailures());
    },
  });
  const redisFailures = new Counter({
    name: 'gateway_redis_failures_total',
    help: 'Redis calls that failed; the request was let through (fail open).',
    registers,
  });
  const redisUp = sources.redisUp;
  if (redisUp) {
    new Gauge({
      name: 'gateway_redis_up',
      help: '1 when Redis answers, 0 when not; absent without REDIS_URL.',
      registers,
      collect() {
        this.set(redisUp() ? 1 : 0);
      },
    });
  }
  new Gauge({
    name: 'gateway_database_up',
    help: '1 when the database answers a ping at scrape time.',
    registers,
    async collect() {
      this.set((await sources.databaseUp()) ? 1 : 0);
    },
  });

  const recordEnded = (record: UsageRecord) => {
    const model = labels.model(record.publicId);
    const endpoint = endpointLabel(record.endpoint);
    requests.inc({
      model,
      target: labels.target(record.target),
      endpoint,
      status_class: statusClass(record.status),
    });
    duration.observe({ model, endpoint }, record.latencyMs / 1000);
    if (record.ttfbMs !== undefined) timeToFirstByte.observe({ model, endpoint }, record.ttfbMs / 1000);
    const usage = record.usage;
    if (usage.input_tokens) tokens.inc({ model, direction: 'input' }, usage.input_tokens);
    if (usage.output_tokens) tokens.inc({ model, direction: 'output' }, usage.output_tokens);
    if (usage.cache_read_input_tokens)
      tokens.inc({ model, direction: 'cache_read' }, usage.cache_read_input_tokens);
    if (usage.cache_creation_input_tokens) {
      tokens.inc({ model, direction: 'cache_write' }, usage.cache_creation_input_tokens);
    }
    if (record.costUsd) cost.inc({ model }, record.costUsd);
  };

  const observer: GatewayObserver = {
    requestStarted(): RequestObservation {
      inFlight.inc();
      let streaming = false;
      let ended = false;
      return {
        attemptStarted(attempt) {
          const target = labels.target(attempt.target);
          if (attempt.attempt > 1) retries.inc({ target });
          return {
            ended(outcome) {
              const failed = outcome.errorCode !== undefined || outcome.status >= 400;
              attempts.inc({
                target,
                provider: providerLabel(attempt.provider),
                outcome: failed ? 'error' : 'ok',
              });
              if (failed)
                upstreamErrors.inc({
                  target,
                  error_code: errorCodeLabel(
                    outcome.errorCode ?? `http_${Math.floor(outcome.status / 100)}xx`,
                  ),
                });
            },
          };
        },
        streamOpened() {
          if (streaming || ended) return;
          streaming = true;
          openStreams.inc();
        },
        ended(record) {
          if (ended) return;
          ended = true;
          inFlight.dec();
          if (streaming) openStreams.dec();
          recordEnded(record);
        },
      };
    },
    failover(info) {
      failovers.inc({
        model: labels.model(info.publicId),
        from: labels.target(info.from),
        to: labels.target(info.to),
      });
    },
    cooldown(info) {
      cooldowns.inc({ model: labels.model(info.publicId), target: labels.target(info.target) });
    },
  };

  return {
    registry,
    observer,
    limitRejected: (limit: LimitName) => rejections.inc({ limit }),
    redisFailed: () => redisFailures.inc(),
  };
}

export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
