/** The admin API's answer: the parsed JSON body (or null) and the status. */
export type AdminAnswer<T> = { ok: boolean; status: number; body: T | null; message: string };

type ErrorBody = { error?: { message?: string; issues?: { path: string; message: string }[] } };

/**
 * Calls the admin API from the browser: same origin, session cookie, so the server's CSRF checks
 * (Sec-Fetch-Site / Origin) hold. A 401 means the session ended: back to the login page.
 */
export async function adminFetch<T>(path: string, init: RequestInit = {}): Promise<AdminAnswer<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      credentials: 'same-origin',
      headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    });
  } catch {
    return {
      ok: false,
      status: 0,
      body: null,
      message: 'The gateway could not be reached. Check the connection.',
    };
  }
  if (response.status === 401 && path !== '/api/admin/session') {
    window.location.assign('/admin?expired=1');
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  const message = response.ok ? '' : describeFailure(response.status, body as ErrorBody | null);
  return { ok: response.ok, status: response.status, body: body as T | null, message };
}

function describeFailure(status: number, body: ErrorBody | null): string {
  const serverMessage = body?.error?.message;
  if (status === 503) return serverMessage ?? 'The database is unavailable. Try again shortly.';
  if (status === 403)
    return 'The request was refused (cross-site protection). Reload the page and try again.';
  return serverMessage ?? `The request failed (HTTP ${status}).`;
}

export function issuesOf(body: unknown): { path: string; message: string }[] {
  return (body as ErrorBody | null)?.error?.issues ?? [];
}
