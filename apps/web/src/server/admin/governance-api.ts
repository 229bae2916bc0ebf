import { timingSafeEqual } from 'node:crypto';
import { listRequestLog, type RequestLogQuery, type RequestLogRow } from '@gateway/db';
import { z } from 'zod';
import { KeyLimitsSchema } from '../governance/key-limits';
import type { Runtime } from '../runtime';
import type { AdminApi } from './admin-api';
import { adminError, readJson } from './admin-responses';

const When = z.iso.datetime({ offset: true }).or(z.iso.date());

const RequestLogQuerySchema = z.object({
  from: When.optional(),
  to: When.optional(),
  model: z.string().min(1).max(300).optional(),
  key: z.string().min(1).max(100).optional(),
  status: z
    .string()
    .regex(/^([1-5]\d\d|[1-5]xx)$/, 'must be a status such as 429 or a class such as 5xx')
    .optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional().default(50),
  format: z.enum(['json', 'csv']).optional().default('json'),
});

const PatchApiKeySchema = z.strictObject({ limits: KeyLimitsSchema });

/** Rows a CSV export may hold (newest first); a larger export is cut and says so in a header. */
const CSV_MAX_ROWS = 100_000;

const issuesOf = (error: z.ZodError) =>
  error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }));

function safeEqual(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The request log row as the API shows it (DESIGN.md `GET /api/admin/requests`). */
function toApiRow(row: RequestLogRow) {
  return {
    request_id: row.request_id,
    time: row.time.toISOString(),
    key_id: row.key_id,
    model: row.model,
    target: row.target,
    endpoint: row.endpoint,
    status: row.status,
    latency_ms: row.latency_ms,
    ttfb_ms: row.ttfb_ms,
    input_tokens: row.input_tokens,
    output_tokens: row.output_tokens,
    cache_read_tokens: row.cache_read_tokens,
    cache_write_tokens: row.cache_write_tokens,
    cost: row.cost,
    attempts: row.attempts,
    stream: row.stream,
    ...(row.error_code ? { error: { code: row.error_code, message: row.error_message } } : {}),
  };
}

const CSV_COLUMNS = [
  'request_id',
  'time',
  'key_id',
  'model',
  'target',
  'endpoint',
  'status',
  'latency_ms',
  'ttfb_ms',
  'input_tokens',
  'output_tokens',
  'cost',
  'attempts',
  'error_code',
  'error_message',
] as const;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  // Quote always when needed; a leading =,+,-,@ is prefixed so spreadsheets do not run it.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * Governance admin endpoints as `Request -> Response` functions: key limits, the request log
 * (JSON pages and CSV export) and the Prometheus scrape.
 */
export function createGovernanceApi(
  runtime: Runtime,
  admin: Pick<AdminApi, 'guard' | 'authorize' | 'audit'>,
) {
  const { guard } = admin;

  const parseLogQuery = (request: Request) =>
    RequestLogQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));

  const toDbQuery = (
    query: z.infer<typeof RequestLogQuerySchema>,
  ): Omit<RequestLogQuery, 'limit' | 'cursor'> => ({
    ...(query.from ? { from: new Date(query.from) } : {}),
    ...(query.to ? { to: new Date(query.to) } : {}),
    ...(query.model ? { model: query.model } : {}),
    ...(query.key ? { keyId: query.key } : {}),
    ...(query.status
      ? {
          status: /^\d+$/.test(query.status)
            ? Number(query.status)
            : (query.status as `${1 | 2 | 3 | 4 | 5}xx`),
        }
      : {}),
  });

  return {
    /** PATCH /api/admin/api-keys/<id> `{"limits"}`: replaces the key's limits (`{}` removes them). */
    updateApiKeyLimits: (id: string) =>
      guard(async (request, actor) => {
        const body = await readJson(request);
        if (!body.ok) return body.response;
        const parsed = PatchApiKeySchema.safeParse(body.value);
        if (!parsed.success) {
          return Response.json(
            { error: { message: 'Invalid limits.', issues: issuesOf(parsed.error) } },
            { status: 400 },
          );
        }
        if (!(await runtime.apiKeys.setLimits(id, parsed.data.limits))) {
          return adminError(404, `No API key "${id}".`);
        }
        await admin.audit.record({
          actor: actor.name,
          action: 'api_key.limits_changed',
          subject: id,
          diff: { limits: parsed.data.limits },
        });
        const key = (await runtime.apiKeys.list()).find((entry) => entry.id === id);
        return Response.json(key);
      }),

    /** GET /api/admin/requests: the request log, newest first, keyset-paged; `format=csv` exports the filter. */
    listRequests: guard(async (request) => {
      const query = parseLogQuery(request);
      if (!query.success) {
        return Response.json(
          { error: { message: 'Invalid request-log query.', issues: issuesOf(query.error) } },
          { status: 400 },
        );
      }
      await runtime.usage.flush();
      const filter = toDbQuery(query.data);
      if (query.data.format === 'csv') return exportCsv(filter);
      try {
        const page = await listRequestLog(runtime.database, {
          ...filter,
          limit: query.data.limit,
          ...(query.data.cursor ? { cursor: query.data.cursor } : {}),
        });
        return Response.json({ data: page.rows.map(toApiRow), next_cursor: page.nextCursor });
      } catch (error) {
        if (error instanceof RangeError)
          return adminError(400, 'cursor: not a cursor this endpoint returned.');
        throw error;
      }
    }),

    /** GET /api/metrics: Prometheus text; admin token (Bearer or session) or GATEWAY_METRICS_TOKEN. */
    metrics: async (request: Request): Promise<Response> => {
      const metricsToken = runtime.governance.config.GATEWAY_METRICS_TOKEN;
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
      const viaMetricsToken =
        metricsToken !== undefined && bearer !== undefined && safeEqual(bearer, metricsToken);
      if (!viaMetricsToken) {
        const auth = await admin.authorize(request);
        if (!auth.ok) return adminError(auth.status, auth.message);
      }
      const registry = runtime.governance.metrics.registry;
      return new Response(await registry.metrics(), {
        headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
      });
    },
  };

  async function exportCsv(filter: Omit<RequestLogQuery, 'limit' | 'cursor'>): Promise<Response> {
    const lines = [CSV_COLUMNS.join(',')];
    let cursor: string | undefined;
    let rows = 0;
    let truncated = false;
    for (;;) {
      const page = await listRequestLog(runtime.database, {
        ...filter,
        limit: 1_000,
        ...(cursor ? { cursor } : {}),
      });
      for (const row of page.rows) {
        const record: Record<(typeof CSV_COLUMNS)[number], unknown> = { ...row, time: row.time };
        lines.push(CSV_COLUMNS.map((column) => csvCell(record[column])).join(','));
      }
      rows += page.rows.length;
      if (!page.nextCursor) break;
      if (rows >= CSV_MAX_ROWS) {
        truncated = true;
        break;
      }
      cursor = page.nextCursor;
    }
    return new Response(`${lines.join('\n')}\n`, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="requests.csv"',
        'cache-control': 'no-store',
        ...(truncated ? { 'x-gateway-truncated': String(CSV_MAX_ROWS) } : {}),
      },
    });
  }
}

export type GovernanceApi = ReturnType<typeof createGovernanceApi>;
