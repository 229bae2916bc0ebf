import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getRuntime, type Runtime } from '../runtime';
import { ADMIN_SESSION_COOKIE, verifyAdminSession } from './admin-auth';

/** Whether the browser's admin session cookie is valid (server components of /admin). */
export async function hasAdminSession(runtime?: Runtime): Promise<boolean> {
  const value = (await cookies()).get(ADMIN_SESSION_COOKIE)?.value;
  if (value === undefined) return false;
  const { adminToken } = runtime ?? (await getRuntime());
  return verifyAdminSession(adminToken, value, new Date());
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
