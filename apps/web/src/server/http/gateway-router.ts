import { migrationsAreCurrent } from '@gateway/db';
import type { AdminApi } from '../admin/admin-api';
import type { Runtime } from '../runtime';

type Handler = (request: Request) => Promise<Response> | Response;

const notFound = () => Response.json({ error: { message: 'Not found.' } }, { status: 404 });
const methodNotAllowed = () => Response.json({ error: { message: 'Method not allowed.' } }, { status: 405 });

/** Paths the core answers in the node:http entries; everything else belongs to Next (or is a 404). */
export function isGatewayPath(path: string): boolean {
  return (
    path.startsWith('/api/gateway/') ||
    path.startsWith('/api/admin/') ||
    /^\/api\/(health|ready)(\?|$)/.test(path)
  );
}

const safeDecode = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/** The path of an absolute URL without a URL parse per request (the hot path). */
function pathnameOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return '/';
  const query = url.indexOf('?', start);
  const hash = url.indexOf('#', start);
  const end = Math.min(query === -1 ? url.length : query, hash === -1 ? url.length : hash);
  return url.slice(start, end);
}

/**
 * The same routes as the Next.js route handlers, for the node:http entries (custom server and
 * standalone). Returns undefined for paths it does not own, so a custom server can hand them to Next.
 */
export function createGatewayRouter(runtime: Runtime, admin: AdminApi) {
  const fixed: Record<string, Partial<Record<string, Handler>>> = {
    '/api/gateway/v1/chat/completions': { POST: runtime.gateway.chatCompletions },
    '/api/gateway/v1/messages': { POST: runtime.gateway.messages },
    '/api/gateway/v1/models': { GET: runtime.gateway.models },
    '/api/gateway/v1/responses': { POST: runtime.gateway.responses },
    '/api/health': { GET: () => Response.json({ status: 'ok' }) },
    '/api/ready': { GET: () => readiness(runtime) },
    '/api/admin/custom-llms': { GET: admin.listCustomLlms },
    '/api/admin/api-keys': { GET: admin.listApiKeys, POST: admin.createApiKey },
    '/api/admin/usage': { GET: admin.usage },
    '/api/admin/session': { POST: admin.login, DELETE: admin.logout },
  };

  return function route(request: Request): Promise<Response> | Response | undefined {
    const pathname = pathnameOf(request.url);
    const handlers = fixed[pathname];
    if (handlers) return (handlers[request.method] ?? methodNotAllowed)(request);

    const customLlm = /^\/api\/admin\/custom-llms\/(.+)$/.exec(pathname)?.[1];
    if (customLlm) {
      const publicId = customLlm.split('/').map(safeDecode).join('/');
      switch (request.method) {
        case 'GET':
          return admin.getCustomLlm(publicId)(request);
        case 'PUT':
          return admin.putCustomLlm(publicId)(request);
        case 'DELETE':
          return admin.deleteCustomLlm(publicId)(request);
        case 'POST':
          return publicId.endsWith('/test')
            ? admin.testCustomLlm(publicId.slice(0, -5))(request)
            : methodNotAllowed();
        default:
          return methodNotAllowed();
      }
    }
    const responseId = /^\/api\/gateway\/v1\/responses\/([^/]+)$/.exec(pathname)?.[1];
    if (responseId) {
      const id = safeDecode(responseId);
      if (request.method === 'GET') return runtime.gateway.getResponse(request, id);
      if (request.method === 'DELETE') return runtime.gateway.deleteResponse(request, id);
      return methodNotAllowed();
    }
    const apiKey = /^\/api\/admin\/api-keys\/([^/]+)$/.exec(pathname)?.[1];
    if (apiKey)
      return request.method === 'DELETE'
        ? admin.revokeApiKey(safeDecode(apiKey))(request)
        : methodNotAllowed();
    if (pathname.startsWith('/api/gateway/') || pathname.startsWith('/api/admin/')) return notFound();
    return undefined;
  };
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
