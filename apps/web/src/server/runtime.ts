import { randomUUID } from 'node:crypto';
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
import { createAdmission } from './admission/create-admission';
import { type GatewayConfig, loadConfig, parseAllowedHosts } from './config';
import { ensureDevSecrets, storeDevCallerKey } from './dev-secrets';
import { createLogger, type Logger } from './logger';
import { createRedisConnection, type RedisConnection } from './redis/redis-connection';
import { createRedisTargetHealth } from './redis/redis-target-health';
import { masterKeyFromBase64 } from './secrets/envelope-encryption';
import { migratePlaintextSecrets } from './secrets/migrate-plaintext-secrets';
import { createSecretsCodec, type SecretsCodec } from './secrets/secrets-codec';
import { CallerKeyCache } from './stores/caller-key-cache';
import { DefinitionCache } from './stores/definition-cache';
import { UsageWriter } from './stores/usage-writer';
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
  /** STS endpoint for targets with `role_arn` (tests: the emulator). */
  stsEndpoint?: string;
};

export async function createRuntime(overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const config = loadConfig(overrides.env ?? process.env);
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const dataDir = path.resolve(config.GATEWAY_DATA_DIR);
  const { adminToken, encryptionKey, firstDevStart, devCallerKey } = resolveSecrets(config, dataDir, logger);
  const previousKeys = config.GATEWAY_ENCRYPTION_KEY_PREVIOUS.split(',')
    .map((value) => value.trim())
    .filter(Boolean)
    .map(masterKeyFromBase64);
  const codec = createSecretsCodec(masterKeyFromBase64(encryptionKey), previousKeys);

  const database = await createDatabase(
    config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { dataDir: path.join(dataDir, 'pglite') },
  );
  // Rows saved by a version that stored secrets in clear are encrypted before anything reads them.
  await migratePlaintextSecrets(database, codec, logger);
  const definitions = new DefinitionCache(database, codec, logger);
  const callerKeys = new CallerKeyCache(database, logger);
  const usage = new UsageWriter(database, logger);
  const admission = createAdmission({
    database,
    flushUsage: () => usage.flush(),
    rateLimitPerMinute: config.GATEWAY_RATE_LIMIT_PER_MINUTE,
    logger,
    now: () => new Date(),
  });
  await Promise.all([definitions.reload(), callerKeys.reload(), admission.reloadBudgets()]);

  const unsubscribe = database.onChange((change) => {
    const reloadDefinitions = change.table === 'custom_llm2' || change.table === '*';
    const reloadKeys = change.table === 'api_keys' || change.table === '*';
    if (reloadDefinitions) definitions.reload().catch(() => undefined);
    if (reloadKeys) callerKeys.reload().catch(() => undefined);
    if (reloadKeys) admission.reloadBudgets().catch(() => undefined);
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
    admitCaller: admission.admitCaller,
    recordUsage: (record) => {
      usage.record(record);
      admission.recordUsage(record);
    },
    logger,
    limits: {
      maxBodyBytes: config.GATEWAY_MAX_BODY_BYTES,
      firstByteTimeoutMs: config.GATEWAY_FIRST_BYTE_TIMEOUT_MS,
      idleTimeoutMs: config.GATEWAY_IDLE_TIMEOUT_MS,
      maxRetries: config.GATEWAY_MAX_RETRIES,
      retryBaseDelayMs: config.GATEWAY_RETRY_BASE_DELAY_MS,
      maxRetryAfterMs: config.GATEWAY_MAX_RETRY_AFTER_MS,
    },
  });

  // Background work, unref'd so it never keeps a process alive.
  const usageTimer = setInterval(() => void usage.flush(), 1_000);
  const lastUsedTimer = setInterval(() => void callerKeys.flushLastUsed(new Date()), 10_000);
  usageTimer.unref();
  lastUsedTimer.unref();

  const customLlms = new CustomLlmService(database, codec, () => definitions.reload());
  const apiKeys = new ApiKeyService(database, async () => {
    await Promise.all([callerKeys.reload(), admission.reloadBudgets()]);
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
    redis,
    targetHealth,
    async close() {
      clearInterval(usageTimer);
      clearInterval(lastUsedTimer);
      unsubscribe();
      await usage.flush();
      await callerKeys.flushLastUsed(new Date());
      await undiciClient?.close();
      await redisHealth?.close();
      await redis?.close();
      await database.close();
    },
  };
}

function resolveSecrets(config: GatewayConfig, dataDir: string, logger: Logger) {
  if (config.GATEWAY_ADMIN_TOKEN && config.GATEWAY_ENCRYPTION_KEY) {
    return {
      adminToken: config.GATEWAY_ADMIN_TOKEN,
      encryptionKey: config.GATEWAY_ENCRYPTION_KEY,
      firstDevStart: false,
      devCallerKey: undefined,
    };
  }
  if (config.NODE_ENV === 'production') {
    throw new Error(
      'GATEWAY_ADMIN_TOKEN and GATEWAY_ENCRYPTION_KEY must be set in production (openssl rand -base64 32).',
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
  console.log(
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
