import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  createDefaultCredentialChain,
  createGateway,
  createInMemoryTargetHealth,
  type Gateway,
  type TargetHealth,
  type UpstreamFetch,
} from '@gateway/ai-gateway';
import { createDatabase, type Database } from '@gateway/db';
import { ApiKeyService } from './admin/api-key-service';
import { CustomLlmService } from './admin/custom-llm-service';
import { type GatewayConfig, loadConfig, parseAllowedHosts } from './config';
import { ensureDevSecrets, readDevSecrets, storeDevCallerKey } from './dev-secrets';
import type { GatewayObserver } from './governance/core-contract';
import { createGovernance, type Governance } from './governance/create-governance';
import { createLogger, type Logger } from './logger';
import { createRedisConnection, type RedisConnection } from './redis/redis-connection';
import { createRedisTargetHealth } from './redis/redis-target-health';
import { masterKeyFromBase64 } from './secrets/envelope-encryption';
import { migratePlaintextSecrets } from './secrets/migrate-plaintext-secrets';
import { createSecretsCodec, type SecretsCodec } from './secrets/secrets-codec';
import { createBackgroundReload } from './stores/background-reload';
import { CallerKeyCache } from './stores/caller-key-cache';
import { DefinitionCache } from './stores/definition-cache';
import {
  createPostgresResponsesStore,
  deriveReasoningSealKey,
  sweepExpiredResponses,
} from './stores/responses-store';
import { sanitizeUsageRecord, UsageWriter } from './stores/usage-writer';
import { createUndiciUpstreamFetch } from './upstream-fetch';
import { createUpstreamUrlCheck } from './upstream-policy';

/** Everything one gateway instance holds: database, caches, the core, the admin services. */
export type Runtime = {
  config: GatewayConfig;
  adminToken: string;
  database: Database;
  gateway: Gateway;
  definitions: DefinitionCache;
  callerKeys: CallerKeyCache;
  usage: UsageWriter;
  customLlms: CustomLlmService;
  apiKeys: ApiKeyService;
  codec: SecretsCodec;
  logger: Logger;
  upstreamFetch: UpstreamFetch;
  /** Per-key limits, metrics, tracing, request-log retention. */
  governance: Governance;
  /** The instance's Redis connection when `REDIS_URL` is set (shared state: cooldowns, limits). */
  redis: RedisConnection | undefined;
  /** Target cooldowns: in Redis (shared) when `REDIS_URL` is set, else in memory. */
  targetHealth: TargetHealth;
  close(): Promise<void>;
};

export type RuntimeOverrides = {
  env?: NodeJS.ProcessEnv;
  /** Replaces the pooled undici client (tests). */
  upstreamFetch?: UpstreamFetch;
  logger?: Logger;
  /** More observers of every request (tests: an in-memory tracer). */
  observers?: GatewayObserver[];
  /**
   * `server` (default) may generate development secrets, but only for `next dev` (NODE_ENV set to
   * `development`) on the embedded database; `cli` never generates anything (issue 17 #1).
   */
  secretsMode?: 'server' | 'cli';
  /** STS endpoint for targets with `role_arn` (tests: the emulator). */
  stsEndpoint?: string;
};

export async function createRuntime(overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const rawEnv = overrides.env ?? process.env;
  const config = loadConfig(rawEnv);
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const dataDir = path.resolve(config.GATEWAY_DATA_DIR);
  const { adminToken, encryptionKey, firstDevStart, devCallerKey } = resolveSecrets(config, dataDir, logger, {
    mode: overrides.secretsMode ?? 'server',
    explicitDevelopment: rawEnv.NODE_ENV === 'development',
  });
  const previousKeys = config.GATEWAY_ENCRYPTION_KEY_PREVIOUS.split(',')
    .map((value) => value.trim())
    .filter(Boolean)
    .map(masterKeyFromBase64);
  const codec = createSecretsCodec(masterKeyFromBase64(encryptionKey), previousKeys);

  const database = await createDatabase(
    config.DATABASE_URL
      ? {
          databaseUrl: config.DATABASE_URL,
          changeListener: {
            heartbeatIntervalMs: config.GATEWAY_LISTENER_HEARTBEAT_MS,
            heartbeatTimeoutMs: Math.max(100, Math.floor(config.GATEWAY_LISTENER_HEARTBEAT_MS / 2)),
          },
        }
      : { dataDir: path.join(dataDir, 'pglite') },
  );
  // Rows saved by a version that stored secrets in clear are encrypted before anything reads them.
  await migratePlaintextSecrets(database, codec, logger);
  const definitions = new DefinitionCache(database, codec, logger);
  const callerKeys = new CallerKeyCache(database, logger);
  const usage = new UsageWriter(database, logger);
  const governance = await createGovernance({
    env: overrides.env ?? process.env,
    database,
    defaultRpm: config.GATEWAY_RATE_LIMIT_PER_MINUTE,
    isConfiguredModel: (publicId) => definitions.resolve(publicId)?.publicId === publicId,
    usage,
    logger,
    now: () => new Date(),
    ...(overrides.observers ? { extraObservers: overrides.observers } : {}),
  });
  await Promise.all([definitions.reload(), callerKeys.reload()]);

  // Notices trigger reloads retried with backoff; a full periodic reload is the backstop (issue 17 #10).
  const background = createBackgroundReload({
    reloads: {
      definitions: () => definitions.reload(),
      callerKeys: () => callerKeys.reload(),
      budgets: () => governance.reload(),
    },
    logger,
    intervalMs: config.GATEWAY_RELOAD_INTERVAL_MS,
  });
  const unsubscribe = database.onChange((change) => {
    const reloadDefinitions = change.table === 'custom_llm2' || change.table === '*';
    const reloadKeys = change.table === 'api_keys' || change.table === '*';
    if (reloadDefinitions) background.trigger('definitions');
    if (reloadKeys) background.trigger('callerKeys');
    if (reloadKeys) background.trigger('budgets');
  });

  const redis = config.REDIS_URL ? createRedisConnection(config.REDIS_URL, logger) : undefined;
  const cooldownPolicy = {
    cooldownMs: config.GATEWAY_TARGET_COOLDOWN_MS,
    windowMs: config.GATEWAY_TARGET_COOLDOWN_MS,
    failureThreshold: config.GATEWAY_TARGET_FAILURE_THRESHOLD,
  };
  const redisHealth = redis ? createRedisTargetHealth({ redis, policy: cooldownPolicy, logger }) : undefined;
  // Wait (briefly) for the subscription, so a cooldown published right after start-up is heard.
  if (redisHealth)
    await Promise.race([redisHealth.ready, new Promise((resolve) => setTimeout(resolve, 2_000))]);
  const targetHealth: TargetHealth = redisHealth ?? createInMemoryTargetHealth({ policy: cooldownPolicy });

  const allowedHosts = parseAllowedHosts(config.GATEWAY_ALLOWED_UPSTREAM_HOSTS);
  const undiciClient = overrides.upstreamFetch ? undefined : createUndiciUpstreamFetch({ allowedHosts });
  const upstreamFetch = overrides.upstreamFetch ?? (undiciClient as { fetch: UpstreamFetch }).fetch;

  const gateway = createGateway({
    verifyCallerKey: (key) => callerKeys.verify(key),
    resolveModel: (model) => definitions.resolve(model),
    listModels: () => definitions.list(),
    fetch: upstreamFetch,
    // One memoized AWS default chain per instance (env, profile, web identity, container, IMDS).
    aws: {
      defaultCredentials: createDefaultCredentialChain(),
      ...(overrides.stsEndpoint === undefined ? {} : { stsEndpoint: overrides.stsEndpoint }),
    },
    targetHealth,
    now: () => new Date(),
    generateId: randomUUID,
    checkUpstreamUrl: createUpstreamUrlCheck(allowedHosts),
    admitCaller: governance.admitCaller,
    ...(governance.observer ? { observer: governance.observer } : {}),
    // Upstream-reported counts are coerced once, before the writer and the limits see them.
    recordUsage: (record) => usage.record(sanitizeUsageRecord(record)),
    logger,
    responses: {
      store: createPostgresResponsesStore(database),
      sealKey: deriveReasoningSealKey(masterKeyFromBase64(encryptionKey).key),
      ttlDays: config.GATEWAY_RESPONSES_TTL_DAYS,
    },
    limits: {
      maxBodyBytes: config.GATEWAY_MAX_BODY_BYTES,
      firstByteTimeoutMs: config.GATEWAY_FIRST_BYTE_TIMEOUT_MS,
      idleTimeoutMs: config.GATEWAY_IDLE_TIMEOUT_MS,
      maxRetries: config.GATEWAY_MAX_RETRIES,
      retryBaseDelayMs: config.GATEWAY_RETRY_BASE_DELAY_MS,
      maxRetryAfterMs: config.GATEWAY_MAX_RETRY_AFTER_MS,
      maxUpstreamEventBytes: config.GATEWAY_MAX_UPSTREAM_EVENT_BYTES,
      maxUpstreamBodyBytes: config.GATEWAY_MAX_UPSTREAM_BODY_BYTES,
    },
  });

  // Background work, unref'd so it never keeps a process alive.
  const usageTimer = setInterval(() => void usage.flush(), 1_000);
  const lastUsedTimer = setInterval(() => void callerKeys.flushLastUsed(new Date()), 10_000);
  usageTimer.unref();
  const stopResponsesSweep = sweepExpiredResponses(database, logger);
  lastUsedTimer.unref();

  const customLlms = new CustomLlmService(database, codec, () => definitions.reload());
  const apiKeys = new ApiKeyService(database, async () => {
    await Promise.all([callerKeys.reload(), governance.reload()]);
  });
  if (firstDevStart) {
    const callerKey = await apiKeys.create({ name: 'development' });
    storeDevCallerKey(dataDir, callerKey.key);
    printDevCredentials(adminToken, callerKey.key, dataDir);
  } else if (config.NODE_ENV === 'development' && devCallerKey) {
    printDevCredentials(adminToken, devCallerKey, dataDir);
  }

  return {
    config,
    adminToken,
    database,
    gateway,
    definitions,
    callerKeys,
    usage,
    customLlms,
    apiKeys,
    codec,
    logger,
    upstreamFetch,
    governance,
    redis,
    targetHealth,
    async close() {
      await governance.close();
      clearInterval(usageTimer);
      clearInterval(lastUsedTimer);
      stopResponsesSweep();
      unsubscribe();
      background.stop();
      await usage.flush();
      await callerKeys.flushLastUsed(new Date());
      await undiciClient?.close();
      await redisHealth?.close();
      await redis?.close();
      await database.close();
    },
  };
}

type SecretsContext = { mode: 'server' | 'cli'; explicitDevelopment: boolean };

/**
 * Where the admin token and encryption key come from. The environment always wins. Generated
 * development secrets are only for a developer's own machine: `next dev` (NODE_ENV explicitly
 * `development`) on the embedded database. An unset NODE_ENV, a DATABASE_URL or the CLI never
 * generate a secret or a key; the CLI may read the development file that `pnpm dev` wrote.
 */
function resolveSecrets(config: GatewayConfig, dataDir: string, logger: Logger, context: SecretsContext) {
  const fromEnvironment = {
    adminToken: config.GATEWAY_ADMIN_TOKEN,
    encryptionKey: config.GATEWAY_ENCRYPTION_KEY,
    firstDevStart: false,
    devCallerKey: undefined as string | undefined,
  };
  if (config.GATEWAY_ADMIN_TOKEN && config.GATEWAY_ENCRYPTION_KEY) {
    return {
      ...fromEnvironment,
      adminToken: config.GATEWAY_ADMIN_TOKEN,
      encryptionKey: config.GATEWAY_ENCRYPTION_KEY,
    };
  }
  const missing = 'GATEWAY_ADMIN_TOKEN and GATEWAY_ENCRYPTION_KEY must be set (openssl rand -base64 32)';
  if (context.mode === 'cli') {
    // The CLI needs the encryption key only; it serves no HTTP, so an absent admin token is replaced
    // by a random one that is never stored or shown.
    const stored = config.DATABASE_URL ? undefined : readDevSecrets(dataDir);
    const encryptionKey = config.GATEWAY_ENCRYPTION_KEY ?? stored?.encryption_key;
    if (!encryptionKey) {
      throw new Error(
        config.DATABASE_URL
          ? 'GATEWAY_ENCRYPTION_KEY must be set to the key the gateway uses.'
          : `No GATEWAY_ENCRYPTION_KEY and no development secrets in ${dataDir}: set it, or start \`pnpm dev\` once.`,
      );
    }
    return {
      ...fromEnvironment,
      adminToken: config.GATEWAY_ADMIN_TOKEN ?? stored?.admin_token ?? randomBytes(32).toString('base64url'),
      encryptionKey,
    };
  }
  if (config.NODE_ENV === 'production') throw new Error(`${missing} in production.`);
  if (!context.explicitDevelopment || config.DATABASE_URL) {
    throw new Error(
      `${missing}. Development secrets are generated only by \`pnpm dev\` or \`pnpm demo\` on the embedded database (no DATABASE_URL).`,
    );
  }
  const generated = ensureDevSecrets(dataDir);
  if (generated.created) {
    logger.warn(
      { dataDir },
      'development secrets generated; set GATEWAY_ADMIN_TOKEN and GATEWAY_ENCRYPTION_KEY in production',
    );
  }
  return {
    adminToken: config.GATEWAY_ADMIN_TOKEN ?? generated.admin_token,
    encryptionKey: config.GATEWAY_ENCRYPTION_KEY ?? generated.encryption_key,
    firstDevStart: generated.created,
    devCallerKey: generated.caller_key,
  };
}

/** Printed on development starts, so a newcomer can call the gateway at once. */
function printDevCredentials(adminToken: string, callerKey: string, dataDir: string): void {
  // stderr: credentials never go to stdout, which scripts and CI capture.
  console.error(
    [
      '',
      'AI gateway: development credentials (generated once, kept in the data dir; never used in production)',
      `  data dir     ${dataDir}`,
      `  admin token  ${adminToken}`,
      `  caller key   ${callerKey}   (create more in /admin)`,
      '',
    ].join('\n'),
  );
}

const RUNTIME_KEY = Symbol.for('ai-gateway.runtime');
type GlobalWithRuntime = typeof globalThis & { [RUNTIME_KEY]?: Promise<Runtime> };

/**
 * The process-wide runtime, created on first use. Kept on globalThis so Next's dev-mode module
 * reloading does not open a second database.
 */
export function getRuntime(): Promise<Runtime> {
  const holder = globalThis as GlobalWithRuntime;
  holder[RUNTIME_KEY] ??= createRuntime().catch((error: unknown) => {
    holder[RUNTIME_KEY] = undefined;
    throw error;
  });
  return holder[RUNTIME_KEY];
}
