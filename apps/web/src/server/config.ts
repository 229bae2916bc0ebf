import { z } from 'zod';

const optionalNonEmpty = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const positiveIntFromEnv = (fallback: number) =>
  z.coerce.number().int().positive().optional().default(fallback);

/** Environment, validated once at start-up. See the configuration table in the README. */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).optional().default('development'),
  DATABASE_URL: optionalNonEmpty,
  GATEWAY_DATA_DIR: z.string().optional().default('.data'),
  GATEWAY_ADMIN_TOKEN: optionalNonEmpty,
  GATEWAY_ENCRYPTION_KEY: optionalNonEmpty.refine(
    (value) => value === undefined || Buffer.from(value, 'base64').length === 32,
    'GATEWAY_ENCRYPTION_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)',
  ),
  /** Comma list of earlier keys, still accepted for decryption while `pnpm gateway secrets:rotate` runs. */
  GATEWAY_ENCRYPTION_KEY_PREVIOUS: z
    .string()
    .optional()
    .default('')
    .refine(
      (value) =>
        value
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean)
          .every((entry) => Buffer.from(entry, 'base64').length === 32),
      'GATEWAY_ENCRYPTION_KEY_PREVIOUS must be a comma list of 32-byte base64 keys',
    ),
  GATEWAY_ALLOWED_UPSTREAM_HOSTS: z.string().optional().default(''),
  GATEWAY_MAX_BODY_BYTES: positiveIntFromEnv(20 * 1024 * 1024),
  /** Longest SSE line or event an upstream may send (issue 17 #6); past it the stream ends with a 502. */
  GATEWAY_MAX_UPSTREAM_EVENT_BYTES: positiveIntFromEnv(8 * 1024 * 1024),
  /** Largest whole (non-streaming) upstream body; past it a 502. Embedding answers can be large. */
  GATEWAY_MAX_UPSTREAM_BODY_BYTES: positiveIntFromEnv(32 * 1024 * 1024),
  /** Full reload of definitions, keys and budgets this often: the backstop to LISTEN/NOTIFY. */
  GATEWAY_RELOAD_INTERVAL_MS: positiveIntFromEnv(30_000),
  /** Heartbeat of the LISTEN connection (Postgres); no answer within half of it = reconnect. */
  GATEWAY_LISTENER_HEARTBEAT_MS: positiveIntFromEnv(10_000),
  GATEWAY_FIRST_BYTE_TIMEOUT_MS: positiveIntFromEnv(300_000),
  GATEWAY_IDLE_TIMEOUT_MS: positiveIntFromEnv(60_000),
  GATEWAY_MAX_RETRIES: z.coerce.number().int().min(0).max(10).optional().default(2),
  GATEWAY_RETRY_BASE_DELAY_MS: positiveIntFromEnv(200),
  /** A longer upstream `retry-after` is passed back to the caller instead of waited out. */
  GATEWAY_MAX_RETRY_AFTER_MS: z.coerce.number().int().min(0).optional().default(5_000),
  /** How long `/v1/responses` answers stored with `store: true` are kept. */
  GATEWAY_RESPONSES_TTL_DAYS: positiveIntFromEnv(30),
  GATEWAY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).optional().default(0),
  /** Shared state for every instance (target cooldowns, limits); unset: kept per instance. */
  REDIS_URL: optionalNonEmpty.refine(
    (value) => value === undefined || /^rediss?:\/\//.test(value),
    'REDIS_URL must be a redis:// or rediss:// URL',
  ),
  /** How long a throttled or failing target is skipped (an upstream retry-after wins, up to 5 min). */
  GATEWAY_TARGET_COOLDOWN_MS: positiveIntFromEnv(30_000),
  /** Retryable failures within GATEWAY_TARGET_COOLDOWN_MS that cool a target down (a 429 does at once). */
  GATEWAY_TARGET_FAILURE_THRESHOLD: positiveIntFromEnv(3),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .optional()
    .default('info'),
});

/** Shortest admin token accepted in production (issue 17 #9): `openssl rand -base64 32` gives 44. */
export const MIN_PRODUCTION_ADMIN_TOKEN_LENGTH = 32;

const ProductionRulesSchema = EnvSchema.superRefine((env, context) => {
  if (
    env.NODE_ENV === 'production' &&
    env.GATEWAY_ADMIN_TOKEN !== undefined &&
    env.GATEWAY_ADMIN_TOKEN.length < MIN_PRODUCTION_ADMIN_TOKEN_LENGTH
  ) {
    context.addIssue({
      code: 'custom',
      path: ['GATEWAY_ADMIN_TOKEN'],
      message: `must be at least ${MIN_PRODUCTION_ADMIN_TOKEN_LENGTH} characters in production (openssl rand -base64 32)`,
    });
  }
});

export type GatewayConfig = z.infer<typeof EnvSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const result = ProductionRulesSchema.safeParse(env);
  if (!result.success) {
    const details = result.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid gateway configuration: ${details}`);
  }
  return result.data;
}

/** `host[:port]` entries; an entry without a port allows every port of that host. */
export function parseAllowedHosts(value: string): { host: string; port: string | undefined }[] {
  return value
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(entry);
      if (bracketed) return { host: bracketed[1] ?? '', port: bracketed[2] };
      const parts = entry.split(':');
      return parts.length === 2 ? { host: parts[0] ?? '', port: parts[1] } : { host: entry, port: undefined };
    });
}
