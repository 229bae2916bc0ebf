import { randomUUID } from 'node:crypto';
import { migrationsAreCurrent } from '@gateway/db';
import type { AdminApi } from '../admin/admin-api';
import { createGovernanceApi } from '../admin/governance-api';
import type { Runtime } from '../runtime';
import { createRouteTable, pathnameOf, type RouteDefinition, type RouteParams } from './route-table';

export type Router = {
  /** The answer for a path this router owns, else undefined (a custom server hands it to Next). */
  route(request: Request): Promise<Response> | Response | undefined;
};

/** Paths the router owns; in the node entries, everything else belongs to Next (or is a 404). */
export function isRouterPath(path: string): boolean {
  return (
    path.startsWith('/api/gateway/') ||
    path.startsWith('/api/admin/') ||
    /^\/api\/(health|ready|metrics)(\?|\/?$)/.test(path)
  );
}

const publicIdOf = (params: RouteParams) => params.rest.join('/');

/**
 * Every gateway, admin and operations route, in one table, for every mount: the Next.js
 * catch-all route handler (`app/api/[...path]/route.ts`) and the node:http entries alike.
 */
export function createRouter(runtime: Runtime, admin: AdminApi): Router {
  const { gateway } = runtime;
  const governance = createGovernanceApi(runtime, admin);
  const definitions: RouteDefinition[] = [
    { pattern: '/api/gateway/v1/chat/completions', methods: { POST: gateway.chatCompletions } },
    { pattern: '/api/gateway/v1/messages', methods: { POST: gateway.messages } },
    { pattern: '/api/gateway/v1/messages/count_tokens', methods: { POST: gateway.countTokens } },
    { pattern: '/api/gateway/v1/models', methods: { GET: gateway.models } },
    { pattern: '/api/gateway/v1/responses', methods: { POST: gateway.responses } },
    {
      pattern: '/api/gateway/v1/responses/:id',
      methods: {
        GET: (request, { segments }) => gateway.getResponse(request, segments[0] as string),
        DELETE: (request, { segments }) => gateway.deleteResponse(request, segments[0] as string),
      },
    },
    { pattern: '/api/gateway/v1/embeddings', methods: { POST: gateway.embeddings } },
    {
      // AWS SDKs send the model id percent-encoded (`:` -> %3A, an ARN's `/` -> %2F): one segment,
      // decoded once by the route table.
      pattern: '/api/gateway/bedrock/model/:modelId/:action',
      methods: {
        POST: (request, { segments }) =>
          gateway.bedrockNative(request, {
            modelId: segments[0] as string,
            action: segments[1] as string,
          }),
      },
    },
    { pattern: '/api/health', methods: { GET: () => Response.json({ status: 'ok' }) } },
    { pattern: '/api/ready', methods: { GET: () => readiness(runtime) } },
    { pattern: '/api/metrics', methods: { GET: governance.metrics } },
    { pattern: '/api/admin/requests', methods: { GET: governance.listRequests } },
    { pattern: '/api/admin/custom-llms', methods: { GET: admin.listCustomLlms } },
    {
      pattern: '/api/admin/custom-llms/*',
      methods: {
        GET: (request, params) => admin.getCustomLlm(publicIdOf(params))(request),
        PUT: (request, params) => admin.putCustomLlm(publicIdOf(params))(request),
        DELETE: (request, params) => admin.deleteCustomLlm(publicIdOf(params))(request),
        // POST exists only as `<public_id>/test`, so a path is never ambiguous.
        POST: (request, { rest }) =>
          rest.length >= 2 && rest.at(-1) === 'test'
            ? admin.testCustomLlm(rest.slice(0, -1).join('/'))(request)
            : Response.json(
                { error: { message: 'Use PUT to save a definition; POST is only for /test.' } },
                { status: 405, headers: { allow: 'GET, PUT, DELETE' } },
              ),
      },
    },
    { pattern: '/api/admin/api-keys', methods: { GET: admin.listApiKeys, POST: admin.createApiKey } },
    {
      pattern: '/api/admin/api-keys/:id',
      methods: {
        DELETE: (request, { segments }) => admin.revokeApiKey(segments[0] as string)(request),
        PATCH: (request, { segments }) => governance.updateApiKeyLimits(segments[0] as string)(request),
      },
    },
    { pattern: '/api/admin/usage', methods: { GET: admin.usage } },
    { pattern: '/api/admin/session', methods: { POST: admin.login, DELETE: admin.logout } },
    { pattern: '/api/admin/audit', methods: { GET: admin.listAudit } },
    {
      pattern: '/api/admin/admin-tokens',
      methods: { GET: admin.listAdminTokens, POST: admin.createAdminToken },
    },
    {
      pattern: '/api/admin/admin-tokens/:id',
      methods: { DELETE: (request, { segments }) => admin.revokeAdminToken(segments[0] as string)(request) },
    },
  ];
  const match = createRouteTable(definitions);

  return {
    route(request) {
      const pathname = pathnameOf(request.url);
      const found = match(request.method, pathname);
      if (found.kind === 'handler') return found.handler(request, found.params);
      if (found.kind === 'method-not-allowed') {
        return Response.json(
          { error: { message: `Method ${request.method} is not allowed here.` } },
          { status: 405, headers: { allow: found.allow, 'x-request-id': randomUUID() } },
        );
      }
      if (!isRouterPath(pathname)) return undefined;
      return notFound(pathname);
    },
  };
}

/** A JSON 404 in the error shape of the route family the path belongs to (never an HTML page). */
export function notFound(pathname: string): Response {
  const message = `No route for ${pathname.slice(0, 200)}.`;
  // Every gateway answer carries a request id (DESIGN.md), this one too.
  const headers = { 'x-request-id': randomUUID() };
  if (pathname.startsWith('/api/gateway/v1/messages')) {
    return Response.json(
      { type: 'error', error: { type: 'not_found_error', message } },
      { status: 404, headers },
    );
  }
  if (pathname.startsWith('/api/gateway/bedrock/')) {
    return Response.json(
      { message },
      { status: 404, headers: { ...headers, 'x-amzn-errortype': 'UnknownOperationException' } },
    );
  }
  if (pathname.startsWith('/api/gateway/')) {
    return Response.json(
      { error: { message, type: 'invalid_request_error', code: 'not_found', param: null } },
      { status: 404, headers },
    );
  }
  return Response.json({ error: { message } }, { status: 404, headers });
}

/** Readiness: the database answers and its migrations are current. */
export async function readiness(runtime: Runtime): Promise<Response> {
  try {
    await runtime.database.ping();
    const current = await migrationsAreCurrent(runtime.database);
    return Response.json(
      { status: current ? 'ready' : 'migrations_pending', database: runtime.database.kind },
      { status: current ? 200 : 503 },
    );
  } catch {
    return Response.json({ status: 'database_unavailable' }, { status: 503 });
  }
}
