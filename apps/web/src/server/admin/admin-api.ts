import { z } from 'zod';
import type { Runtime } from '../runtime';
import { ADMIN_SESSION_COOKIE, authorizeAdmin, createAdminSession, verifyAdminToken } from './admin-auth';
import { adminError, readJson, withDatabaseErrors } from './admin-responses';
import type { StoredCustomLlm } from './custom-llm-service';

const CreateApiKeySchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  allowed_models: z.array(z.string().min(1)).optional(),
  monthly_token_budget: z.number().int().positive().optional(),
});

const UsageQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  group_by: z.enum(['model', 'key', 'day', 'target']).optional().default('model'),
});

type Handler = (request: Request) => Promise<Response>;

/**
 * The admin HTTP API as plain `Request -> Response` functions (DESIGN.md "Admin"), used by the
 * Next.js route handlers and by the node:http server alike.
 */
export function createAdminApi(runtime: Runtime) {
  const guard =
    (handler: Handler): Handler =>
    async (request) => {
      const auth = authorizeAdmin(request, runtime.adminToken, new Date());
      if (!auth.ok) return adminError(auth.status, auth.message);
      return withDatabaseErrors(runtime, () => handler(request));
    };

  /** Each target's routing fields and health (`target_status`), for the console; never a secret. */
  const withTargetStatus = async (stored: StoredCustomLlm) => ({
    ...stored,
    target_status: await runtime.gateway.targets({
      publicId: stored.public_id,
      definition: stored.definition,
    }),
  });

  return {
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
      guard(async (request) => {
        const body = await readJson(request);
        if (!body.ok) return body.response;
        const result = await runtime.customLlms.put(publicId, body.value);
        if (!result.ok) {
          return Response.json(
            { error: { message: 'The definition is not valid.', issues: result.issues } },
            { status: 400 },
          );
        }
        return Response.json(
          { ...result.customLlm, ...(result.warnings.length ? { warnings: result.warnings } : {}) },
          { status: result.created ? 201 : 200 },
        );
      }),

    deleteCustomLlm: (publicId: string) =>
      guard(async () =>
        (await runtime.customLlms.delete(publicId))
          ? new Response(null, { status: 204 })
          : adminError(404, `No custom LLM "${publicId}".`),
      ),

    testCustomLlm: (publicId: string) =>
      guard(async () => {
        const definition = await runtime.customLlms.getWithSecrets(publicId);
        if (!definition) return adminError(404, `No custom LLM "${publicId}".`);
        return Response.json(await runtime.gateway.testConnection({ publicId, definition }));
      }),

    createApiKey: guard(async (request) => {
      const body = await readJson(request);
      if (!body.ok) return body.response;
      const parsed = CreateApiKeySchema.safeParse(body.value);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => ({
          path: issue.path.join('.') || '(root)',
          message: issue.message,
        }));
        return Response.json({ error: { message: 'Invalid API key request.', issues } }, { status: 400 });
      }
      const created = await runtime.apiKeys.create({
        name: parsed.data.name,
        ...(parsed.data.allowed_models ? { allowedModels: parsed.data.allowed_models } : {}),
        ...(parsed.data.monthly_token_budget ? { monthlyTokenBudget: parsed.data.monthly_token_budget } : {}),
      });
      return Response.json(created, { status: 201, headers: { 'cache-control': 'no-store' } });
    }),

    listApiKeys: guard(async () => Response.json({ data: await runtime.apiKeys.list() })),

    revokeApiKey: (id: string) =>
      guard(async () =>
        (await runtime.apiKeys.revoke(id))
          ? new Response(null, { status: 204 })
          : adminError(404, `No API key "${id}".`),
      ),

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

    /** Exchanges the admin token for an httpOnly, SameSite=Strict session cookie. */
    login: async (request: Request): Promise<Response> => {
      const body = await readJson(request);
      if (!body.ok) return body.response;
      const token = (body.value as { token?: unknown }).token;
      if (typeof token !== 'string' || !verifyAdminToken(runtime.adminToken, token)) {
        return adminError(401, 'Wrong admin token.');
      }
      const session = createAdminSession(runtime.adminToken, new Date());
      const secure = new URL(request.url).protocol === 'https:' ? '; Secure' : '';
      return new Response(null, {
        status: 204,
        headers: {
          'set-cookie': `${ADMIN_SESSION_COOKIE}=${session.value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${session.maxAgeSeconds}${secure}`,
        },
      });
    },

    logout: async (): Promise<Response> =>
      new Response(null, {
        status: 204,
        headers: { 'set-cookie': `${ADMIN_SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0` },
      }),
  };
}

export type AdminApi = ReturnType<typeof createAdminApi>;
