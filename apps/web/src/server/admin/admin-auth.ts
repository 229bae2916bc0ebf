import { createHmac, timingSafeEqual } from 'node:crypto';

export const ADMIN_SESSION_COOKIE = 'gw_admin_session';
const SESSION_SECONDS = 12 * 60 * 60;

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function sign(adminToken: string, payload: string): string {
  return createHmac('sha256', adminToken).update(`admin-session:${payload}`).digest('base64url');
}

/** A session value `<expires>.<hmac>`: stateless, and void as soon as the admin token changes. */
export function createAdminSession(adminToken: string, now: Date): { value: string; maxAgeSeconds: number } {
  const expires = String(Math.floor(now.getTime() / 1000) + SESSION_SECONDS);
  return { value: `${expires}.${sign(adminToken, expires)}`, maxAgeSeconds: SESSION_SECONDS };
}

export function verifyAdminSession(adminToken: string, value: string, now: Date): boolean {
  const [expires, signature] = value.split('.');
  if (!expires || !signature || !/^\d+$/.test(expires)) return false;
  if (Number(expires) * 1000 < now.getTime()) return false;
  return safeEqual(signature, sign(adminToken, expires));
}

export function verifyAdminToken(adminToken: string, candidate: string): boolean {
  return safeEqual(candidate, adminToken);
}

function readCookie(headers: Headers, name: string): string | undefined {
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type AdminAuthResult =
  | { ok: true; via: 'token' | 'session' }
  | { ok: false; status: 401 | 403; message: string };

/**
 * Admin calls carry the admin token as Bearer (scripts) or the session cookie set by /admin login.
 * Cookie-authenticated mutations must come from the same origin (CSRF): the cookie is also
 * SameSite=Strict, and the Origin / Sec-Fetch-Site headers are checked here.
 */
export function authorizeAdmin(request: Request, adminToken: string, now: Date): AdminAuthResult {
  const authorization = request.headers.get('authorization');
  if (authorization !== null) {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    if (token && verifyAdminToken(adminToken, token)) return { ok: true, via: 'token' };
    return { ok: false, status: 401, message: 'Invalid admin token.' };
  }
  const session = readCookie(request.headers, ADMIN_SESSION_COOKIE);
  if (session === undefined || !verifyAdminSession(adminToken, session, now)) {
    return { ok: false, status: 401, message: 'Admin authentication required.' };
  }
  if (UNSAFE_METHODS.has(request.method) && !isSameOrigin(request)) {
    return { ok: false, status: 403, message: 'Cross-site admin requests are refused.' };
  }
  return { ok: true, via: 'session' };
}

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
