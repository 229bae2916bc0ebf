/**
 * A small Web-standard router: one table, one path decoding. Paths are split on the raw `/`
 * first and each segment is percent-decoded once, so `a%2Ftest` stays ONE segment (`a/test`)
 * and can never be read as the `/test` action of `a`.
 */
export type RouteParams = { segments: readonly string[]; rest: readonly string[] };
export type RouteHandler = (request: Request, params: RouteParams) => Promise<Response> | Response;
export type MethodHandlers = Partial<Record<string, RouteHandler>>;

/** `:name` matches one segment, a final `*` the rest (one segment or more). */
export type RouteDefinition = { pattern: string; methods: MethodHandlers };

type CompiledRoute = { parts: readonly string[]; wildcard: boolean; methods: MethodHandlers };

export type RouteMatch =
  | { kind: 'handler'; handler: RouteHandler; params: RouteParams }
  | { kind: 'method-not-allowed'; allow: string }
  | { kind: 'no-route' };

/** The path of an absolute URL without a URL parse per request (the hot path). */
export function pathnameOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return '/';
  const query = url.indexOf('?', start);
  const hash = url.indexOf('#', start);
  const end = Math.min(query === -1 ? url.length : query, hash === -1 ? url.length : hash);
  return url.slice(start, end);
}

/** Raw segments, each decoded once; a malformed escape keeps its raw text (then matches nothing named). */
export function decodePathSegments(pathname: string): string[] {
  const raw = pathname.split('/').filter((segment) => segment !== '');
  if (!pathname.includes('%')) return raw;
  return raw.map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
}

export function createRouteTable(definitions: readonly RouteDefinition[]) {
  // Literal paths (no `:`/`*`) answer from a map keyed by the raw path: the common case.
  const literal = new Map<string, MethodHandlers>();
  const patterns: CompiledRoute[] = [];
  for (const { pattern, methods } of definitions) {
    const parts = pattern.split('/').filter((part) => part !== '');
    const wildcard = parts.at(-1) === '*';
    if (!wildcard && !parts.some((part) => part.startsWith(':'))) literal.set(`/${parts.join('/')}`, methods);
    else patterns.push({ parts: wildcard ? parts.slice(0, -1) : parts, wildcard, methods });
  }

  const choose = (methods: MethodHandlers, method: string, params: RouteParams): RouteMatch => {
    const handler = methods[method] ?? (method === 'HEAD' ? methods.GET : undefined);
    if (handler) return { kind: 'handler', handler, params };
    return { kind: 'method-not-allowed', allow: Object.keys(methods).join(', ') };
  };

  return function match(method: string, pathname: string): RouteMatch {
    if (!pathname.includes('%')) {
      const methods = literal.get(
        pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname,
      );
      if (methods) return choose(methods, method, { segments: [], rest: [] });
    }
    const segments = decodePathSegments(pathname);
    for (const route of patterns) {
      const params = matchRoute(route, segments);
      if (params) return choose(route.methods, method, params);
    }
    // A literal path whose escapes decode to it (`/api/health%2F` is not `/api/health`: only whole segments).
    if (pathname.includes('%')) {
      const methods = literal.get(`/${segments.join('/')}`);
      if (methods && !segments.some((segment) => segment.includes('/')))
        return choose(methods, method, { segments: [], rest: [] });
    }
    return { kind: 'no-route' };
  };
}

function matchRoute(route: CompiledRoute, segments: readonly string[]): RouteParams | undefined {
  const { parts, wildcard } = route;
  if (wildcard ? segments.length <= parts.length : segments.length !== parts.length) return undefined;
  const named: string[] = [];
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index] as string;
    const segment = segments[index] as string;
    if (part.startsWith(':')) named.push(segment);
    else if (part !== segment) return undefined;
  }
  return { segments: named, rest: wildcard ? segments.slice(parts.length) : [] };
}
