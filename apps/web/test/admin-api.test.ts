import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bedrockDefinition, openAiDefinition } from './support/definitions';
import { startTestGateway, type TestGateway } from './support/test-gateway';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway?.close());

type Stored = { public_id: string; definition: Record<string, unknown>; updated_at: string };

describe('admin API: custom LLMs', () => {
  it('refuses calls without the admin token', async () => {
    const response = await fetch(`${gateway.url}/api/admin/custom-llms`);
    expect(response.status).toBe(401);
    const wrong = await fetch(`${gateway.url}/api/admin/custom-llms`, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
  });

  it('PUT creates (201) then updates (200); public ids may contain "/"', async () => {
    const first = await gateway.admin(
      'PUT',
      '/api/admin/custom-llms/team/gpt',
      openAiDefinition(gateway.emulator.url),
    );
    expect(first.status).toBe(201);
    const second = await gateway.admin(
      'PUT',
      '/api/admin/custom-llms/team/gpt',
      openAiDefinition(gateway.emulator.url, { display_name: 'Renamed' }),
    );
    expect(second.status).toBe(200);
    const fetched = (await (await gateway.admin('GET', '/api/admin/custom-llms/team/gpt')).json()) as Stored;
    expect(fetched.public_id).toBe('team/gpt');
    expect(fetched.definition.display_name).toBe('Renamed');
  });

  it('an invalid definition -> 400 with one issue per bad field, and the stored one is unchanged', async () => {
    await gateway.putDefinition('stable', openAiDefinition(gateway.emulator.url));
    const response = await gateway.admin('PUT', '/api/admin/custom-llms/stable', {
      internal_id: '',
      base_url: 'not a url',
      context_length: -1,
      surprise: true,
      aws_bedrock: { region: 'mars-1', access_key_id: 'AKIA...' },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { message: string; issues: { path: string; message: string }[] };
    };
    const paths = body.error.issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining(['internal_id', 'base_url', 'context_length', 'surprise', 'aws_bedrock.region']),
    );
    const stored = (await (await gateway.admin('GET', '/api/admin/custom-llms/stable')).json()) as Stored;
    expect(stored.definition.internal_id).toBe('emulator-gpt');
  });

  it('unknown keys are refused at every depth, naming the path', async () => {
    const response = await gateway.admin(
      'PUT',
      '/api/admin/custom-llms/deep',
      bedrockDefinition(gateway.emulator.url, 'static', {
        aws_bedrock: { region: 'us-east-1', use_default_credentials: true, extra: 1 },
      }),
    );
    const body = (await response.json()) as { error: { issues: { path: string }[] } };
    expect(body.error.issues.map((issue) => issue.path)).toContain('aws_bedrock.extra');
  });

  it('reads are redacted and a redacted secret saved back keeps the stored one', async () => {
    await gateway.putDefinition('secretive', bedrockDefinition(gateway.emulator.url, 'static'));
    const read = (await (await gateway.admin('GET', '/api/admin/custom-llms/secretive')).json()) as Stored;
    const bedrock = read.definition.aws_bedrock as Record<string, string>;
    expect(bedrock.secret_access_key).toMatch(/^••••.{4}$/);
    const list = await (await gateway.admin('GET', '/api/admin/custom-llms')).text();
    expect(list).not.toContain('emulator/secret/EXAMPLEKEY0123456789abcdef');

    const saved = await gateway.admin('PUT', '/api/admin/custom-llms/secretive', {
      ...read.definition,
      display_name: 'Still works',
    });
    expect(saved.status).toBe(200);
    gateway.emulator.reset();
    const response = await fetch(`${gateway.url}/api/gateway/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': gateway.callerKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'secretive',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(response.status).toBe(200);
    expect(gateway.emulator.lastRequest()?.signatureVerified).toBe(true);
  });

  it('a mask with no stored secret behind it is refused, never stored literally', async () => {
    const response = await gateway.admin(
      'PUT',
      '/api/admin/custom-llms/fresh-mask',
      openAiDefinition(gateway.emulator.url, { api_key: '••••abcd' }),
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('api_key');
  });

  it('warns when a Bedrock model id needs an inference profile', async () => {
    const response = await gateway.admin(
      'PUT',
      '/api/admin/custom-llms/bare',
      bedrockDefinition(gateway.emulator.url, 'static', {
        internal_id: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
      }),
    );
    const body = (await response.json()) as { warnings?: string[] };
    expect(body.warnings?.[0]).toContain('us.anthropic.claude-sonnet-4-5-20250929-v1:0');
  });

  it('DELETE answers 204, then 404', async () => {
    await gateway.putDefinition('doomed', openAiDefinition(gateway.emulator.url));
    expect((await gateway.admin('DELETE', '/api/admin/custom-llms/doomed')).status).toBe(204);
    expect((await gateway.admin('DELETE', '/api/admin/custom-llms/doomed')).status).toBe(404);
    expect((await gateway.admin('GET', '/api/admin/custom-llms/doomed')).status).toBe(404);
  });

  it('test connection reports ok with latency, or the reason', async () => {
    await gateway.putDefinition('testable', bedrockDefinition(gateway.emulator.url, 'static'));
    const ok = (await (await gateway.admin('POST', '/api/admin/custom-llms/testable/test')).json()) as Record<
      string,
      unknown
    >;
    expect(ok).toMatchObject({ ok: true, status: 200 });
    expect(ok.latency_ms).toEqual(expect.any(Number));
    await gateway.putDefinition(
      'rejected',
      bedrockDefinition(gateway.emulator.url, 'static', {
        aws_bedrock: {
          region: 'us-east-1',
          access_key_id: 'AKIAUNKNOWN000000000',
          secret_access_key: 'not-the-secret-00000',
        },
      }),
    );
    const failed = (await (
      await gateway.admin('POST', '/api/admin/custom-llms/rejected/test')
    ).json()) as Record<string, unknown>;
    expect(failed.ok).toBe(false);
    expect(String(failed.error)).toMatch(/credentials/i);
  });
});

describe('admin API: caller keys', () => {
  it('creates a key shown once, lists it by prefix, and revoking it locks the caller out', async () => {
    const created = (await (await gateway.admin('POST', '/api/admin/api-keys', { name: 'ci' })).json()) as {
      id: string;
      key: string;
    };
    expect(created.key).toMatch(/^sk-gw-/);
    const list = await (await gateway.admin('GET', '/api/admin/api-keys')).text();
    expect(list).not.toContain(created.key);
    expect(list).toContain(created.key.slice(0, 10));

    const call = () =>
      fetch(`${gateway.url}/api/gateway/v1/models`, { headers: { authorization: `Bearer ${created.key}` } });
    expect((await call()).status).toBe(200);
    expect((await gateway.admin('DELETE', `/api/admin/api-keys/${created.id}`)).status).toBe(204);
    expect((await call()).status).toBe(401);
  });

  it('refuses a key request without a name', async () => {
    expect((await gateway.admin('POST', '/api/admin/api-keys', { name: ' ' })).status).toBe(400);
  });

  it('allowed_models limits what a key sees and uses', async () => {
    await gateway.putDefinition('open-model', openAiDefinition(gateway.emulator.url));
    const created = (await (
      await gateway.admin('POST', '/api/admin/api-keys', { name: 'limited', allowed_models: ['open-model'] })
    ).json()) as { key: string };
    const models = (await (
      await fetch(`${gateway.url}/api/gateway/v1/models`, {
        headers: { authorization: `Bearer ${created.key}` },
      })
    ).json()) as { data: { id: string }[] };
    expect(models.data.map((model) => model.id)).toEqual(['open-model']);
    const refused = await fetch(`${gateway.url}/api/gateway/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${created.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'secretive', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(refused.status).toBe(403);
  });
});

describe('admin session (console login)', () => {
  it('exchanges the token for an httpOnly SameSite=Strict cookie that authorises reads, and refuses cross-site writes', async () => {
    const login = await fetch(`${gateway.url}/api/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: gateway.adminToken }),
    });
    expect(login.status).toBe(204);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = cookie.split(';')[0] as string;
    expect(
      (await fetch(`${gateway.url}/api/admin/custom-llms`, { headers: { cookie: session } })).status,
    ).toBe(200);
    const crossSite = await fetch(`${gateway.url}/api/admin/api-keys`, {
      method: 'POST',
      headers: { cookie: session, 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ name: 'csrf' }),
    });
    expect(crossSite.status).toBe(403);
    const wrong = await fetch(`${gateway.url}/api/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'wrong' }),
    });
    expect(wrong.status).toBe(401);
  });
});

describe('operations', () => {
  it('health and readiness', async () => {
    expect((await fetch(`${gateway.url}/api/health`)).status).toBe(200);
    const ready = await fetch(`${gateway.url}/api/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { status: string }).status).toBe('ready');
  });
});
