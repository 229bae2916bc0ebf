/**
 * The console's session cookie (issue 17 #9). Over https — or behind a TLS-terminating proxy, or
 * anywhere not plainly loopback — it is `Secure` and named `__Host-gw_admin_session`, so the
 * browser sends it only over TLS and no sibling subdomain can set or shadow it. Only plain-http
 * development (a loopback host, or NODE_ENV=development) uses the unprefixed name without `Secure`:
 * browsers refuse a `__Host-` cookie without it, and loopback traffic never leaves the machine.
 */
export const SECURE_SESSION_COOKIE = '__Host-gw_admin_session';
export const PLAIN_SESSION_COOKIE = 'gw_admin_session';

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/i;

/** Whether the request may use the plain-http cookie. */
export function plainHttpAllowed(request: { url: string; headers: Headers }, development: boolean): boolean {
  const forwardedProto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  if (forwardedProto === 'https') return false;
  let protocol = 'https:';
  try {
    protocol = new URL(request.url).protocol;
  } catch {
    return false;
  }
  if (protocol !== 'http:') return false;
  return development || LOOPBACK_HOST.test(request.headers.get('host') ?? new URL(request.url).host);
}

export function sessionCookieHeader(value: string, maxAgeSeconds: number, plainHttp: boolean): string {
  const name = plainHttp ? PLAIN_SESSION_COOKIE : SECURE_SESSION_COOKIE;
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${plainHttp ? '' : '; Secure'}`;
}

/** Clears both names (the browser ignores the one it does not have). */
export function clearedSessionCookies(): string[] {
  return [
    `${SECURE_SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure`,
    `${PLAIN_SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`,
  ];
}

/**
 * The session value from a Cookie header: the `__Host-` cookie, or the plain one where plain http
 * is allowed. A malformed `%` escape is treated as no cookie (it used to throw: a 500).
 */
export function readSessionCookie(cookieHeader: string | null, plainHttp: boolean): string | undefined {
  const values = new Map<string, string>();
  for (const part of (cookieHeader ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (!key || values.has(key)) continue;
    try {
      values.set(key, decodeURIComponent(rest.join('=')));
    } catch {
      // Malformed: ignored.
    }
  }
  return values.get(SECURE_SESSION_COOKIE) ?? (plainHttp ? values.get(PLAIN_SESSION_COOKIE) : undefined);
}
