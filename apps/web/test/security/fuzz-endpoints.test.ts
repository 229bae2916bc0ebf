import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type AdminApi, createAdminApi } from '@/server/admin/admin-api';
import { openAiDefinition } from '../support/definitions';
import { startTestGateway, type TestGateway } from '../support/test-gateway';
import { expectWellFormed } from './support/error-shapes';

// Issue 17 "Also": random requests to every endpoint reachable here, checked for crashes, 500s
// without a request id and errors outside the endpoint's shape. Bounded: a few hundred requests.
let gateway: TestGateway;
let admin: AdminApi;
beforeAll(async () => {
  gateway = await startTestGateway();
  admin = createAdminApi(gateway.runtime);
  await gateway.putDefinition('fuzz', openAiDefinition(gateway.emulator.url));
});
afterAll(() => gateway?.close());

/** Bodies a caller might send: valid-looking requests with random fields, random JSON, garbage, deep nests. */
const bodyArbitrary = fc.oneof(
  fc
    .record(
      {
        model: fc.oneof(fc.constant('fuzz'), fc.string({ maxLength: 20 })),
        messages: fc.oneof(
          fc.array(
            fc.record({
              role: fc.constantFrom('user', 'assistant', 'system', 'tool', 'bogus'),
              content: fc.oneof(fc.string({ maxLength: 50 }), fc.jsonValue({ maxDepth: 3 })),
            }),
            { maxLength: 3 },
          ),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        max_tokens: fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 5 })),
        stream: fc.oneof(fc.boolean(), fc.string({ maxLength: 3 })),
        tools: fc.jsonValue({ maxDepth: 3 }),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc
    .integer({ min: 60, max: 5_000 })
    .map((depth) => `{"model":"fuzz","messages":${'['.repeat(depth)}${']'.repeat(depth)}}`),
);

const authArbitrary = fc.constantFrom<'right' | 'wrong' | 'none' | 'x-api-key'>(
  'right',
  'wrong',
  'none',
  'x-api-key',
);

function headersFor(
  auth: 'right' | 'wrong' | 'none' | 'x-api-key',
  contentType: string,
): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (auth === 'right') headers.authorization = `Bearer ${gateway.callerKey}`;
  if (auth === 'wrong') headers.authorization = 'Bearer sk-gw-wrong-0000000000000000';
  if (auth === 'x-api-key') headers['x-api-key'] = gateway.callerKey;
  return headers;
}

describe('fuzz: gateway endpoints', () => {
  it('chat/completions and messages answer every random request in their shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<['chat/completions' | 'messages', 'openai' | 'anthropic']>(
          ['chat/completions', 'openai'],
          ['messages', 'anthropic'],
        ),
        bodyArbitrary,
        authArbitrary,
        fc.constantFrom('application/json', 'text/plain', ''),
        async ([path, route], body, auth, contentType) => {
          const response = await fetch(`${gateway.url}/api/gateway/v1/${path}`, {
            method: 'POST',
            headers: headersFor(auth, contentType),
            body,
          });
          await expectWellFormed(response, route);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('models and unknown paths answer in the OpenAI shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('models', 'nope', 'models/x', 'chat', ''),
        fc.constantFrom('GET', 'POST', 'DELETE', 'PUT'),
        authArbitrary,
        async (path, method, auth) => {
          const response = await fetch(`${gateway.url}/api/gateway/v1/${path}`, {
            method,
            headers: headersFor(auth, 'application/json'),
          });
          await expectWellFormed(response, 'openai');
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('fuzz: admin endpoints', () => {
  const request = (method: string, path: string, body: string, headers: Record<string, string> = {}) =>
    new Request(`http://127.0.0.1:3000/api/admin${path}`, {
      method,
      headers: {
        authorization: `Bearer ${gateway.adminToken}`,
        'content-type': 'application/json',
        ...headers,
      },
      body,
    });

  it('definition PUTs, key and token creation answer random bodies with 2xx/4xx in the admin shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('put', 'key', 'token'),
        fc.oneof(
          fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
          fc
            .record(
              {
                internal_id: fc.oneof(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 })),
                base_url: fc.oneof(fc.webUrl(), fc.string({ maxLength: 30 })),
                api_key: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('••••abcd')),
                extra_headers: fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })),
                aws_bedrock: fc.jsonValue({ maxDepth: 2 }),
                targets: fc.jsonValue({ maxDepth: 3 }),
                name: fc.string({ maxLength: 120 }),
              },
              { requiredKeys: [] },
            )
            .map((value) => JSON.stringify(value)),
          fc.string({ maxLength: 100 }),
        ),
        async (endpoint, body) => {
          const response =
            endpoint === 'put'
              ? await admin.putCustomLlm('fuzzed')(request('PUT', '/custom-llms/fuzzed', body))
              : endpoint === 'key'
                ? await admin.createApiKey(request('POST', '/api-keys', body))
                : await admin.createAdminToken(request('POST', '/admin-tokens', body));
          if (response.status >= 500)
            throw new Error(`${endpoint}: ${response.status} ${await response.text()}`);
          await expectWellFormed(response, 'admin');
        },
      ),
      { numRuns: 120 },
    );
  });

  it('login answers random bodies and cookies without a 500', async () => {
    let address = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
          fc.string({ maxLength: 100 }),
        ),
        fc.string({ maxLength: 60 }),
        async (body, cookie) => {
          address++;
          const login = await admin.login(
            new Request('http://127.0.0.1:3000/api/admin/session', {
              method: 'POST',
              headers: { 'x-forwarded-for': `198.51.100.${address % 250}` },
              body,
            }),
          );
          if (login.status >= 500) throw new Error(`login: ${login.status}`);
          await expectWellFormed(login, 'admin');
          const withCookie = await admin.listCustomLlms(
            new Request('http://127.0.0.1:3000/api/admin/custom-llms', {
              headers: { cookie: `gw_admin_session=${cookie}; __Host-gw_admin_session=${cookie}` },
            }),
          );
          if (withCookie.status >= 500) throw new Error(`cookie: ${withCookie.status}`);
          await expectWellFormed(withCookie, 'admin');
        },
      ),
      { numRuns: 80 },
    );
  });
});
