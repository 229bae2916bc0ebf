import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminApi, createAdminApi } from '@/server/admin/admin-api';
import { createAdminAuth } from '@/server/admin/admin-auth';
import { loadConfig } from '@/server/config';
import { environment } from '../support/environment';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

// Issue 17 #9: no throttle on login or admin Bearer failures, no minimum token length in
// production, `Secure` only when request.url was https, no `__Host-` prefix, sessions survived
// logout for 12 h, a malformed `%` in the cookie gave a 500.
let gateway: TestGateway;
let admin: AdminApi;
beforeAll(async () => {
  gateway = await startTestGateway();
  admin = createAdminApi(gateway.runtime);
});
afterAll(() => gateway?.close());

const local = 'http://127.0.0.1:3000';
const bearer = (token: string, address: string) =>
  new Request(`${local}/api/admin/custom-llms`, {
    headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': address },
  });
const loginRequest = (
  token: string,
  url = `${local}/api/admin/session`,
  headers: Record<string, string> = {},
) => new Request(url, { method: 'POST', headers, body: JSON.stringify({ token }) });
const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
const withCookie = (cookie: string) => new Request(`${local}/api/admin/custom-llms`, { headers: { cookie } });

describe('admin authentication hardening', () => {
  it('throttles Bearer and login failures per client address (429 with retry-after)', async () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await admin.listCustomLlms(bearer('wrong-token', '203.0.113.7'))).status).toBe(401);
    }
    const blocked = await admin.listCustomLlms(bearer(gateway.adminToken, '203.0.113.7'));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(
      (await admin.login(loginRequest(gateway.adminToken, undefined, { 'x-forwarded-for': '203.0.113.7' })))
        .status,
    ).toBe(429);
    // Another address is not affected.
    expect((await admin.listCustomLlms(bearer(gateway.adminToken, '198.51.100.1'))).status).toBe(200);
  });

  it('requires an admin token of at least 32 characters in production', () => {
    const env = environment({
      NODE_ENV: 'production',
      GATEWAY_ADMIN_TOKEN: 'short-admin-token',
      GATEWAY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    expect(() => loadConfig(env)).toThrow(/GATEWAY_ADMIN_TOKEN: must be at least 32 characters/);
    expect(() => loadConfig({ ...env, GATEWAY_ADMIN_TOKEN: 'x'.repeat(32) })).not.toThrow();
  });

  it('sets a Secure __Host- cookie over https, behind a TLS proxy, and on non-loopback http', async () => {
    for (const request of [
      loginRequest(gateway.adminToken, 'https://admin.example/api/admin/session'),
      loginRequest(gateway.adminToken, `${local}/api/admin/session`, { 'x-forwarded-proto': 'https' }),
      loginRequest(gateway.adminToken, 'http://gateway.internal:3000/api/admin/session'),
    ]) {
      const cookie = (await admin.login(request)).headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^__Host-gw_admin_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; .*Secure/);
    }
    // Plain http on loopback (development) keeps the unprefixed name without Secure.
    const plain = (await admin.login(loginRequest(gateway.adminToken))).headers.get('set-cookie') ?? '';
    expect(plain).toMatch(/^gw_admin_session=/);
    expect(plain).not.toMatch(/Secure/);
  });

  it('logout ends the session at once', async () => {
    const cookie = cookieOf(await admin.login(loginRequest(gateway.adminToken)));
    expect((await admin.listCustomLlms(withCookie(cookie))).status).toBe(200);
    const logout = await admin.logout(
      new Request(`${local}/api/admin/session`, { method: 'DELETE', headers: { cookie } }),
    );
    expect(logout.status).toBe(204);
    expect((await admin.listCustomLlms(withCookie(cookie))).status).toBe(401);
  });

  it('rotating GATEWAY_ADMIN_TOKEN ends every session opened with the old one', async () => {
    const cookie = cookieOf(await admin.login(loginRequest(gateway.adminToken)));
    const rotated = createAdminAuth({
      database: gateway.runtime.database,
      adminToken: `rotated-${randomBytes(16).toString('hex')}`,
      development: false,
    });
    const result = await rotated.authorize(withCookie(cookie));
    expect(result.ok).toBe(false);
  });

  it('a malformed % escape in the cookie is treated as no cookie (401, not 500)', async () => {
    for (const cookie of ['gw_admin_session=%E0%A4%A', '__Host-gw_admin_session=%zz; gw_admin_session=%']) {
      expect((await admin.listCustomLlms(withCookie(cookie))).status).toBe(401);
    }
  });

  it('a forged session value is refused', async () => {
    const forged = `gw_admin_session=${String(Math.floor(Date.now() / 1000) + 3600)}.${randomBytes(32).toString('base64url')}`;
    expect((await admin.listCustomLlms(withCookie(forged))).status).toBe(401);
  });
});
