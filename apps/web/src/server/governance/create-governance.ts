import { type Database, usageSince } from '@gateway/db';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { BudgetWindows } from './budget-windows';
import { composeObservers } from './compose-observers';
import type { AdmitCaller, GatewayObserver } from './core-contract';
import { type GovernanceConfig, loadGovernanceConfig } from './governance-config';
import { createKeyAdmission } from './key-admission';
import { KeyLimitsCache } from './key-limits-cache';
import { createGatewayMetrics, type GatewayMetrics } from './metrics/gateway-metrics';
import { createLabelPolicy } from './metrics/metric-labels';
import { connectRedis, createRedisHealth } from './redis-connection';
import { startRequestLogRetention } from './request-log-retention';
import { createCounterFactory } from './shared-counters';

export type Governance = {
  config: GovernanceConfig;
  /** deps.admitCaller of the core. */
  admitCaller: AdmitCaller;
  /** deps.observer of the core: metrics, plus tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  observer: GatewayObserver | undefined;
  metrics: GatewayMetrics;
  limits: KeyLimitsCache;
  /** Re-reads key limits (start-up and api_keys change notices). */
  reload(): Promise<void>;
  close(): Promise<void>;
};

export type GovernanceOptions = {
  env: NodeJS.ProcessEnv;
  database: Database;
  /** GATEWAY_RATE_LIMIT_PER_MINUTE. */
  defaultRpm: number;
  /** True for a configured definition's public id (bounds the `model` label). */
  isConfiguredModel: (publicId: string) => boolean;
  usage: { pending: number; dropped: number; failures: number; flush(): Promise<void> };
  logger: Logger;
  now: () => Date;
  /** Added to the composed observer (tests: an in-memory tracer). */
  extraObservers?: GatewayObserver[];
  budgetRefreshMs?: number;
};

/** Per-key limits, request-log retention, metrics and tracing for one runtime. */
export async function createGovernance(options: GovernanceOptions): Promise<Governance> {
  const config = loadGovernanceConfig(options.env);
  const { database, logger, now } = options;
  const redis: Redis | undefined = config.REDIS_URL
    ? await connectRedis(config.REDIS_URL, logger)
    : undefined;
  let metrics: GatewayMetrics | undefined;
  const health = createRedisHealth({
    logger,
    now: () => now().getTime(),
    events: { failure: () => metrics?.redisFailed(), up: () => undefined },
  });
  metrics = createGatewayMetrics(createLabelPolicy(options.isConfiguredModel), {
    usageQueueDepth: () => options.usage.pending,
    usageDropped: () => options.usage.dropped,
    usageWriteFailures: () => options.usage.failures,
    databaseUp: () =>
      database
        .ping()
        .then(() => true)
        .catch(() => false),
    ...(redis ? { redisUp: () => health.up && redis.status === 'ready' } : {}),
  });
  const limits = new KeyLimitsCache(database);
  const budgets = new BudgetWindows({
    usageSince: (keyId, since) =>
      usageSince(database, keyId, since).then((spend) => ({ tokens: spend.tokens, usd: spend.costUsd })),
    flushUsage: () => options.usage.flush(),
    now,
    ...(options.budgetRefreshMs === undefined ? {} : { refreshAfterMs: options.budgetRefreshMs }),
    onError: (error, keyId) =>
      logger.warn({ keyId, err: (error as Error).message }, 'could not refresh a key budget'),
  });
  const gatewayMetrics = metrics;
  const admitCaller = createKeyAdmission({
    limitsOf: (keyId) => limits.get(keyId),
    defaultRpm: options.defaultRpm,
    counters: createCounterFactory({ redis, health }),
    budgets,
    onRejected: (limit) => gatewayMetrics.limitRejected(limit),
  });
  // Without the variable the tracing module (and OpenTelemetry) is never imported.
  const tracing = config.OTEL_EXPORTER_OTLP_ENDPOINT
    ? await import('./tracing/register-tracing').then((module) => module.registerTracing())
    : undefined;
  const observer = composeObservers([
    metrics.observer,
    ...(tracing ? [tracing.observer] : []),
    ...(options.extraObservers ?? []),
  ]);
  const stopRetention = startRequestLogRetention({
    database,
    retentionDays: config.GATEWAY_LOG_RETENTION_DAYS,
    logger,
    now,
  });
  await limits.reload();
  return {
    config,
    admitCaller,
    observer,
    metrics,
    limits,
    reload: () => limits.reload(),
    async close() {
      stopRetention();
      redis?.disconnect();
    },
  };
}
