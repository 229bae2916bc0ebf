import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminApi, createAdminApi } from '@/server/admin/admin-api';
import { openAiDefinition } from '../support/definitions';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

// Issue 16 item 4: every admin change leaves {time, actor, action, subject, diff} with secrets
// masked; named admin tokens (hashed, shown once, revocable) say who.
const UPSTREAM_KEY = 'sk-audit-upstream-key-0123456789abcdef';
let gateway: TestGateway;
let admin: AdminApi;
let namedToken = '';
let namedTokenId = '';
beforeAll(async () => {
  gateway = await startTestGateway({ extraSecrets: [UPSTREAM_KEY] });
  admin = createAdminApi(gateway.runtime);
});
afterAll(() => gateway?.close());

const base = 'http://127.0.0.1:3000/api/admin';
const call = (token: string, method: string, path: string, body?: unknown) =>
  new Request(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
type AuditPage = {
  data: { time: string; actor: string; action: string; subject: string; diff: unknown }[];
  next_cursor: string | null;
};

describe('named admin tokens', () => {
  it('creates a token shown once, stored hashed, listed by prefix', async () => {
    const created = await admin.createAdminToken(
      call(gateway.adminToken, 'POST', '/admin-tokens', { name: 'alice' }),
    );
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; name: string; token: string };
    expect(body.name).toBe('alice');
    expect(body.token.length).toBeGreaterThanOrEqual(40);
    namedToken = body.token;
    namedTokenId = body.id;
    const listed = await (
      await admin.listAdminTokens(call(gateway.adminToken, 'GET', '/admin-tokens'))
    ).text();
    expect(listed).toContain('alice');
    expect(listed).not.toContain(namedToken);
    const stored =
      await gateway.runtime.database.queryRows((await import('drizzle-orm')).sql`select * from admin_tokens`);
    expect(JSON.stringify(stored)).not.toContain(namedToken);
  });

  it('refuses the reserved name "bootstrap"', async () => {
    const response = await admin.createAdminToken(
      call(gateway.adminToken, 'POST', '/admin-tokens', { name: 'bootstrap' }),
    );
    expect(response.status).toBe(400);
  });

  it('authenticates as Bearer and is named in the audit log', async () => {
    const put = await admin.putCustomLlm('audited')(
      call(
        namedToken,
        'PUT',
        '/custom-llms/audited',
        openAiDefinition('https://api.example.com', { api_key: UPSTREAM_KEY }),
      ),
    );
    expect(put.status).toBe(201);
    const update = await admin.putCustomLlm('audited')(
      call(namedToken, 'PUT', '/custom-llms/audited', {
        ...openAiDefinition('https://api.example.com', { api_key: `${UPSTREAM_KEY}-rotated` }),
        display_name: 'Renamed',
      }),
    );
    expect(update.status).toBe(200);
    const page = (await (
      await admin.listAudit(call(gateway.adminToken, 'GET', '/audit'))
    ).json()) as AuditPage;
    const [updated, created] = page.data.filter((entry) => entry.subject === 'audited');
    expect(created).toMatchObject({ actor: 'alice', action: 'custom_llm.created' });
    expect(updated).toMatchObject({
      actor: 'alice',
      action: 'custom_llm.updated',
      diff: {
        display_name: { from: 'Emulator GPT', to: 'Renamed' },
        api_key: { from: '••••', to: '••••', secret_changed: true },
      },
    });
    expect(JSON.stringify(page)).not.toContain(UPSTREAM_KEY);
    expect(JSON.stringify(page)).not.toContain('cdef'); // not even the mask's suffix
  });

  it('revoking the token refuses it at once and ends its console sessions', async () => {
    const login = await admin.login(
      new Request(`${base}/session`, { method: 'POST', body: JSON.stringify({ token: namedToken }) }),
    );
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const withCookie = new Request(`${base}/custom-llms`, { headers: { cookie } });
    expect((await admin.listCustomLlms(withCookie)).status).toBe(200);
    const revoked = await admin.revokeAdminToken(namedTokenId)(
      call(gateway.adminToken, 'DELETE', `/admin-tokens/${namedTokenId}`),
    );
    expect(revoked.status).toBe(204);
    expect((await admin.listCustomLlms(call(namedToken, 'GET', '/custom-llms'))).status).toBe(401);
    expect(
      (await admin.listCustomLlms(new Request(`${base}/custom-llms`, { headers: { cookie } }))).status,
    ).toBe(401);
  });
});

describe('audit log', () => {
  it('records keys, tokens, deletes and logins with the actor, and pages with a cursor', async () => {
    const key = (await (
      await admin.createApiKey(call(gateway.adminToken, 'POST', '/api-keys', { name: 'audited-key' }))
    ).json()) as { id: string; key: string };
    await admin.revokeApiKey(key.id)(call(gateway.adminToken, 'DELETE', `/api-keys/${key.id}`));
    await admin.deleteCustomLlm('audited')(call(gateway.adminToken, 'DELETE', '/custom-llms/audited'));
    for (let index = 0; index < 55; index++) {
      await admin.login(
        new Request(`${base}/session`, {
          method: 'POST',
          body: JSON.stringify({ token: gateway.adminToken }),
        }),
      );
    }
    const first = (await (
      await admin.listAudit(call(gateway.adminToken, 'GET', '/audit'))
    ).json()) as AuditPage;
    expect(first.data).toHaveLength(50);
    expect(first.data[0]).toMatchObject({ actor: 'bootstrap', action: 'admin.login', subject: 'bootstrap' });
    expect(first.next_cursor).not.toBeNull();
    const second = (await (
      await admin.listAudit(call(gateway.adminToken, 'GET', `/audit?cursor=${first.next_cursor}`))
    ).json()) as AuditPage;
    const actions = second.data.map((entry) => `${entry.actor} ${entry.action}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'bootstrap custom_llm.deleted',
        'bootstrap api_key.revoked',
        'bootstrap api_key.created',
        'bootstrap admin_token.revoked',
        'bootstrap admin_token.created',
      ]),
    );
    expect(JSON.stringify([first, second])).not.toContain(key.key);
    expect(JSON.stringify([first, second])).not.toContain(gateway.adminToken);
  });
});
