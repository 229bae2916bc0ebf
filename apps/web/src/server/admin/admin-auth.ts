import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type Database,
  deleteAdminSession,
  deleteExpiredAdminSessions,
  findActiveAdminTokenByHash,
  findAdminSession,
  insertAdminSession,
  listAdminTokens,
  touchAdminToken,
} from '@gateway/db';
import { plainHttpAllowed, readSessionCookie } from './admin-cookie';
import { clientAddressOf, createFailureThrottle, type FailureThrottle } from './failure-throttle';

const SESSION_SECONDS = 12 * 60 * 60;
/** The audit actor of the bootstrap token, GATEWAY_ADMIN_TOKEN. */
export const BOOTSTRAP_ACTOR = 'bootstrap';

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Constant-time comparison with the bootstrap token. */
export function verifyAdminToken(adminToken: string, candidate: string): boolean {
  return safeEqual(candidate, adminToken);
}

export const hashAdminToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Identifies the bootstrap token a session was opened with, without storing anything usable. */
const bootstrapFingerprint = (adminToken: string) =>
  createHmac('sha256', adminToken).update('admin-session-fingerprint').digest('base64url');

/** Who made an admin call: `bootstrap` or a named admin token. */
export type AdminActor = { name: string; tokenId: string | undefined };

export type AdminAuthResult =
  | { ok: true; via: 'token' | 'session'; actor: AdminActor; sessionHash?: string }
  | { ok: false; status: 401 | 403 | 429; message: string; retryAfterSeconds?: number };

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type AdminAuthOptions = {
  database: Database;
  adminToken: string;
  /** Allows the plain-http cookie on any http host (NODE_ENV=development), not only loopback. */
  development: boolean;
  throttle?: FailureThrottle;
  now?: () => Date;
};

/**
 * Admin authentication: a Bearer token (the bootstrap GATEWAY_ADMIN_TOKEN or a named admin
 * token, stored hashed) or the console's session cookie. Sessions live in the database, so logout
 * ends one at once, revoking a named token ends its sessions, and changing GATEWAY_ADMIN_TOKEN ends
 * every bootstrap session (its fingerprint no longer matches). Failures are throttled per client
 * address. Cookie-authenticated mutations must come from the same origin (CSRF): the cookie is also
 * SameSite=Strict, and the Origin / Sec-Fetch-Site headers are checked here.
 */
export function createAdminAuth(options: AdminAuthOptions) {
  const { database, adminToken } = options;
  const throttle = options.throttle ?? createFailureThrottle();
  const now = options.now ?? (() => new Date());
  const fingerprint = bootstrapFingerprint(adminToken);

  const blocked = (request: Request): AdminAuthResult | undefined => {
    const seconds = throttle.blockedFor(clientAddressOf(request.headers), now().getTime());
    return seconds === undefined
      ? undefined
      : {
          ok: false,
          status: 429,
          message: 'Too many failed admin authentications from this address; try again later.',
          retryAfterSeconds: seconds,
        };
  };
  const fail = (request: Request, message: string): AdminAuthResult => {
    throttle.recordFailure(clientAddressOf(request.headers), now().getTime());
    return { ok: false, status: 401, message };
  };

  /** The actor a token belongs to, or undefined. */
  const actorOfToken = async (token: string): Promise<AdminActor | undefined> => {
    if (verifyAdminToken(adminToken, token)) return { name: BOOTSTRAP_ACTOR, tokenId: undefined };
    const row = await findActiveAdminTokenByHash(database, hashAdminToken(token));
    if (!row) return undefined;
    touchAdminToken(database, row.id, now()).catch(() => undefined);
    return { name: row.name, tokenId: row.id };
  };

  const actorOfSession = async (value: string): Promise<AdminActor | undefined> => {
    const session = await findAdminSession(database, hashAdminToken(value), now());
    if (!session) return undefined;
    if (session.actor === BOOTSTRAP_ACTOR) {
      return session.token_fingerprint !== null && safeEqual(session.token_fingerprint, fingerprint)
        ? { name: BOOTSTRAP_ACTOR, tokenId: undefined }
        : undefined;
    }
    const token = (await listAdminTokens(database)).find((row) => row.id === session.actor);
    return token && token.revoked_at === null ? { name: token.name, tokenId: token.id } : undefined;
  };

  return {
    plainHttp: (request: Request) => plainHttpAllowed(request, options.development),

    async authorize(request: Request): Promise<AdminAuthResult> {
      const refused = blocked(request);
      if (refused) return refused;
      const authorization = request.headers.get('authorization');
      if (authorization !== null) {
        const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
        const actor = token ? await actorOfToken(token) : undefined;
        return actor ? { ok: true, via: 'token', actor } : fail(request, 'Invalid admin token.');
      }
      const session = readSessionCookie(
        request.headers.get('cookie'),
        plainHttpAllowed(request, options.development),
      );
      const actor = session === undefined ? undefined : await actorOfSession(session);
      if (!actor) return { ok: false, status: 401, message: 'Admin authentication required.' };
      if (UNSAFE_METHODS.has(request.method) && !isSameOrigin(request)) {
        return { ok: false, status: 403, message: 'Cross-site admin requests are refused.' };
      }
      return { ok: true, via: 'session', actor, sessionHash: hashAdminToken(session as string) };
    },

    /** Checks a login token (throttled); on success opens a session and returns its cookie value. */
    async login(
      request: Request,
      token: unknown,
    ): Promise<
      | { ok: true; actor: AdminActor; value: string; maxAgeSeconds: number }
      | Extract<AdminAuthResult, { ok: false }>
    > {
      const refused = blocked(request);
      if (refused && !refused.ok) return refused;
      const actor = typeof token === 'string' && token !== '' ? await actorOfToken(token) : undefined;
      if (!actor) return fail(request, 'Wrong admin token.') as Extract<AdminAuthResult, { ok: false }>;
      const value = randomBytes(32).toString('base64url');
      deleteExpiredAdminSessions(database, now()).catch(() => undefined);
      await insertAdminSession(database, {
        id_hash: hashAdminToken(value),
        actor: actor.tokenId ?? BOOTSTRAP_ACTOR,
        token_fingerprint: actor.tokenId ? null : fingerprint,
        expires_at: new Date(now().getTime() + SESSION_SECONDS * 1000),
      });
      return { ok: true, actor, value, maxAgeSeconds: SESSION_SECONDS };
    },

    /** Ends the session the request carries (if any). */
    async logout(request: Request): Promise<void> {
      const session = readSessionCookie(
        request.headers.get('cookie'),
        plainHttpAllowed(request, options.development),
      );
      if (session !== undefined) await deleteAdminSession(database, hashAdminToken(session));
    },

    /** Whether a console page's cookie value is a live session (server components). */
    async sessionActor(value: string | undefined): Promise<AdminActor | undefined> {
      return value === undefined ? undefined : actorOfSession(value);
    },
  };
}

export type AdminAuth = ReturnType<typeof createAdminAuth>;

function isSameOrigin(request: Request): boolean {
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite !== null) return fetchSite === 'same-origin';
  const origin = request.headers.get('origin');
  if (origin === null) return false;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
