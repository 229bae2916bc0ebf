import { z } from 'zod';
import { KeyLimitsSchema } from '../governance/key-limits';
import type { Runtime } from '../runtime';
import { type AdminActor, type AdminAuth, createAdminAuth } from './admin-auth';
import { clearedSessionCookies, sessionCookieHeader } from './admin-cookie';
import { adminError, MAX_LOGIN_BODY_BYTES, readJson, withDatabaseErrors } from './admin-responses';
import { createAdminTokenService } from './admin-token-service';
import { type AuditLog, createAuditLog, definitionDiff } from './audit-log';
import type { StoredCustomLlm } from './custom-llm-service';

const CreateApiKeySchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  allowed_models: z.array(z.string().min(1)).optional(),
  limits: KeyLimitsSchema.optional(),
  /** Before `limits` existed; read as limits.monthly_tokens. */
  monthly_token_budget: z.number().int().positive().optional(),
});

const CreateAdminTokenSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(100, 'must be at most 100 characters')
    .refine((name) => name !== 'bootstrap', 'is reserved for GATEWAY_ADMIN_TOKEN'),
});

const UsageQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  group_by: z.enum(['model', 'key', 'day', 'target']).optional().default('model'),
});

type Handler = (request: Request, actor: AdminActor) => Promise<Response>;

const invalid = (message: string, error: z.ZodError) =>
  Response.json(
    {
      error: {
        message,
        issues: error.issues.map((issue) => ({
          path: issue.path.join('.') || '(root)',
          message: issue.message,
        })),
      },
    },
    { status: 400 },
  );

/**
 * The admin HTTP API as plain `Request -> Response` functions (DESIGN.md "Admin"), used by the
 * Next.js route handlers and by the node:http server alike. Every change is written to the audit
 * log with the actor that made it (`bootstrap` or a named admin token).
 */
export function createAdminApi(runtime: Runtime, options: { auth?: AdminAuth; audit?: AuditLog } = {}) {
  const auth =
    options.auth ??
    createAdminAuth({
      database: runtime.database,
      adminToken: runtime.adminToken,
      development: runtime.config.NODE_ENV === 'development',
    });
  const audit = options.audit ?? createAuditLog(runtime.database, runtime.logger);
  const adminTokens = createAdminTokenService(runtime.database);

  const guard =
    (handler: Handler) =>
    async (request: Request): Promise<Response> =>
      withDatabaseErrors(runtime, async () => {
        const result = await auth.authorize(request);
        if (!result.ok) {
          const response = adminError(result.status, result.message);
          if (result.retryAfterSeconds !== undefined)
            response.headers.set('retry-after', String(result.retryAfterSeconds));
          return response;
        }
        return handler(request, result.actor);
      });

  /** Each target's routing fields and health (`target_status`), for the console; never a secret. */
  const withTargetStatus = async (stored: StoredCustomLlm) => ({
    ...stored,
    target_status: await runtime.gateway.targets({
      publicId: stored.public_id,
      definition: stored.definition,
    }),
  });

  return {
    /** For the other admin endpoint groups (governance-api.ts): the same auth, throttle and audit. */
    guard,
    authorize: (request: Request) => auth.authorize(request),
    audit,

    listCustomLlms: guard(async () =>
      Response.json({ data: await Promise.all((await runtime.customLlms.list()).map(withTargetStatus)) }),
    ),

    getCustomLlm: (publicId: string) =>
      guard(async () => {
        const found = await runtime.customLlms.get(publicId);
        return found
          ? Response.json(await withTargetStatus(found))
          : adminError(404, `No custom LLM "${publicId}".`);
      }),

    putCustomLlm: (publicId: string) =>
      guard(async (request, actor) => {
        const body = await readJson(request);
        if (!body.ok) return body.response;
        const before = await runtime.customLlms.get(publicId).catch(() => undefined);
        const result = await runtime.customLlms.put(publicId, body.value);
        if (!result.ok) {
          return Response.json(
            { error: { message: 'The definition is not valid.', issues: result.issues } },
            { status: 400 },
          );
        }
        await audit.record({
          actor: actor.name,
          action: result.created ? 'custom_llm.created' : 'custom_llm.updated',
          subject: publicId,
          diff: definitionDiff(before?.definition, result.customLlm.definition),
        });
        return Response.json(
          { ...result.customLlm, ...(result.warnings.length ? { warnings: result.warnings } : {}) },
          { status: result.created ? 201 : 200 },
        );
      }),

    deleteCustomLlm: (publicId: string) =>
      guard(async (_request, actor) => {
        const before = await runtime.customLlms.get(publicId).catch(() => undefined);
        if (!(await runtime.customLlms.delete(publicId)))
          return adminError(404, `No custom LLM "${publicId}".`);
        await audit.record({
          actor: actor.name,
          action: 'custom_llm.deleted',
          subject: publicId,
          diff: definitionDiff(before?.definition, undefined),
        });
        return new Response(null, { status: 204 });
      }),

    testCustomLlm: (publicId: string) =>
      guard(async () => {
        const definition = await runtime.customLlms.getWithSecrets(publicId);
        if (!definition) return adminError(404, `No custom LLM "${publicId}".`);
        return Response.json(await runtime.gateway.testConnection({ publicId, definition }));
      }),

    createApiKey: guard(async (request, actor) => {
      const body = await readJson(request);
      if (!body.ok) return body.response;
      const parsed = CreateApiKeySchema.safeParse(body.value);
      if (!parsed.success) return invalid('Invalid API key request.', parsed.error);
      const created = await runtime.apiKeys.create({
        name: parsed.data.name,
        ...(parsed.data.allowed_models ? { allowedModels: parsed.data.allowed_models } : {}),
        limits: {
          ...(parsed.data.monthly_token_budget ? { monthly_tokens: parsed.data.monthly_token_budget } : {}),
          ...parsed.data.limits,
        },
      });
      await audit.record({
        actor: actor.name,
        action: 'api_key.created',
        subject: created.id,
        diff: { name: parsed.data.name, allowed_models: parsed.data.allowed_models ?? null },
      });
      return Response.json(created, { status: 201, headers: { 'cache-control': 'no-store' } });
    }),

    listApiKeys: guard(async () => Response.json({ data: await runtime.apiKeys.list() })),

    revokeApiKey: (id: string) =>
      guard(async (_request, actor) => {
        if (!(await runtime.apiKeys.revoke(id))) return adminError(404, `No API key "${id}".`);
        await audit.record({ actor: actor.name, action: 'api_key.revoked', subject: id });
        return new Response(null, { status: 204 });
      }),

    usage: guard(async (request) => {
      const query = UsageQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!query.success)
        return adminError(400, 'Use from/to as ISO dates and group_by=model|key|day|target.');
      const to = query.data.to ? new Date(query.data.to) : new Date();
      const from = query.data.from
        ? new Date(query.data.from)
        : new Date(to.getTime() - 7 * 24 * 3600 * 1000);
      await runtime.usage.flush();
      const { usageTotals } = await import('@gateway/db');
      const rows = await usageTotals(runtime.database, { from, to, groupBy: query.data.group_by });
      return Response.json({
        from: from.toISOString(),
        to: to.toISOString(),
        group_by: query.data.group_by,
        data: rows,
      });
    }),

    /** `GET /api/admin/audit?cursor=`: admin changes, newest first, secrets masked. */
    listAudit: guard(async (request) => {
      const cursor = new URL(request.url).searchParams.get('cursor') ?? undefined;
      return Response.json(await audit.page(cursor));
    }),

    /** `GET /api/admin/admin-tokens`: named admin tokens (prefix only). */
    listAdminTokens: guard(async () => Response.json({ data: await adminTokens.list() })),

    /** `POST /api/admin/admin-tokens` `{"name"}` -> 201 `{"id","name","token"}` (token shown once). */
    createAdminToken: guard(async (request, actor) => {
      const body = await readJson(request);
      if (!body.ok) return body.response;
      const parsed = CreateAdminTokenSchema.safeParse(body.value);
      if (!parsed.success) return invalid('Invalid admin token request.', parsed.error);
      const created = await adminTokens.create(parsed.data.name);
      await audit.record({
        actor: actor.name,
        action: 'admin_token.created',
        subject: created.id,
        diff: { name: created.name },
      });
      return Response.json(created, { status: 201, headers: { 'cache-control': 'no-store' } });
    }),

    /** `DELETE /api/admin/admin-tokens/<id>`: revokes it and ends its console sessions. */
    revokeAdminToken: (id: string) =>
      guard(async (_request, actor) => {
        const name = await adminTokens.revoke(id);
        if (name === undefined) return adminError(404, `No active admin token "${id}".`);
        await audit.record({ actor: actor.name, action: 'admin_token.revoked', subject: id, diff: { name } });
        return new Response(null, { status: 204 });
      }),

    /**
     * `POST /api/admin/session` `{"token"}`: exchanges an admin token (bootstrap or named) for an
     * httpOnly, SameSite=Strict, `Secure` `__Host-` session cookie (plain only on loopback http or
     * in development). The body is capped at 4 KB and read before anything else; failures are
     * throttled per client address.
     */
    login: (request: Request): Promise<Response> =>
      withDatabaseErrors(runtime, async () => {
        const body = await readJson(request, MAX_LOGIN_BODY_BYTES);
        if (!body.ok) return body.response;
        const token =
          typeof body.value === 'object' && body.value !== null
            ? (body.value as { token?: unknown }).token
            : undefined;
        const result = await auth.login(request, token);
        if (!result.ok) {
          const response = adminError(result.status, result.message);
          if (result.retryAfterSeconds !== undefined)
            response.headers.set('retry-after', String(result.retryAfterSeconds));
          return response;
        }
        await audit.record({ actor: result.actor.name, action: 'admin.login', subject: result.actor.name });
        return new Response(null, {
          status: 204,
          headers: {
            'set-cookie': sessionCookieHeader(result.value, result.maxAgeSeconds, auth.plainHttp(request)),
          },
        });
      }),

    /** `DELETE /api/admin/session`: ends this session server-side and clears the cookie. */
    logout: (request?: Request): Promise<Response> =>
      withDatabaseErrors(runtime, async () => {
        if (request) await auth.logout(request);
        const headers = new Headers();
        for (const cookie of clearedSessionCookies()) headers.append('set-cookie', cookie);
        return new Response(null, { status: 204, headers });
      }),
  };
}

export type AdminApi = ReturnType<typeof createAdminApi>;
