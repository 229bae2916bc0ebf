import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getRuntime, type Runtime } from '../runtime';
import { type AdminActor, createAdminAuth } from './admin-auth';
import { PLAIN_SESSION_COOKIE, plainHttpAllowed, SECURE_SESSION_COOKIE } from './admin-cookie';

/** The actor of the browser's admin session, if it is live (server components of /admin). */
export async function adminSessionActor(runtime?: Runtime): Promise<AdminActor | undefined> {
  const resolved = runtime ?? (await getRuntime());
  const jar = await cookies();
  const requestHeaders = await headers();
  const development = resolved.config.NODE_ENV === 'development';
  const plainHttp = plainHttpAllowed(
    { url: `http://${requestHeaders.get('host') ?? 'unknown'}/`, headers: requestHeaders },
    development,
  );
  const value =
    jar.get(SECURE_SESSION_COOKIE)?.value ?? (plainHttp ? jar.get(PLAIN_SESSION_COOKIE)?.value : undefined);
  const auth = createAdminAuth({ database: resolved.database, adminToken: resolved.adminToken, development });
  return auth.sessionActor(value);
}

/** Whether the browser's admin session cookie is valid (server components of /admin). */
export async function hasAdminSession(runtime?: Runtime): Promise<boolean> {
  return (await adminSessionActor(runtime)) !== undefined;
}

/**
 * Every console page calls this first: without a valid session it redirects to the login page
 * (a layout check alone would not run again on client-side navigation).
 */
export async function requireAdminSession(): Promise<Runtime> {
  const runtime = await getRuntime();
  if (!(await hasAdminSession(runtime))) redirect('/admin');
  return runtime;
}
