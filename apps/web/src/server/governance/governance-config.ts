import { z } from 'zod';

const optionalNonEmpty = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/** The governance part of the environment (README "Limits, request log, metrics and tracing"). */
export const GovernanceEnvSchema = z.object({
  /** Shared counters for per-key limits; unset = in this process (one instance). */
  REDIS_URL: optionalNonEmpty.refine(
    (value) => value === undefined || /^rediss?:\/\//.test(value),
    'REDIS_URL must start with redis:// or rediss://',
  ),
  /** A second credential for GET /api/metrics besides the admin token (for a Prometheus scraper). */
  GATEWAY_METRICS_TOKEN: optionalNonEmpty,
  /** Set: OpenTelemetry traces are exported there (OTLP/HTTP). */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalNonEmpty,
  /** Request-log rows older than this are deleted; 0 keeps them forever. */
  GATEWAY_LOG_RETENTION_DAYS: z.coerce.number().min(0).optional().default(30),
});
export type GovernanceConfig = z.infer<typeof GovernanceEnvSchema>;

export function loadGovernanceConfig(env: NodeJS.ProcessEnv): GovernanceConfig {
  const result = GovernanceEnvSchema.safeParse(env);
  if (!result.success) {
    const details = result.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid gateway configuration: ${details}`);
  }
  return result.data;
}
