import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chat } from '../faults/support/gateway-calls';
import { freePort, startTinyUpstream, type TinyUpstream } from '../faults/support/tiny-upstream';
import { bedrockDefinition, openAiDefinition } from '../support/definitions';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

let gateway: TestGateway;
/** Listens on 127.0.0.1 but is NOT in the allow-list: it must never receive a request. */
let trap: TinyUpstream;
/** Listed, answers every request with a redirect to the (listed) emulator. */
let redirector: TinyUpstream;
let emulatorPort: number;

beforeAll(async () => {
  emulatorPort = await freePort();
  const redirectorPort = await freePort();
  gateway = await startTestGateway({
    emulator: { port: emulatorPort },
    // host:port entries: only these two ports of 127.0.0.1 are allowed.
    env: { GATEWAY_ALLOWED_UPSTREAM_HOSTS: `127.0.0.1:${emulatorPort}, 127.0.0.1:${redirectorPort}` },
  });
  trap = await startTinyUpstream((_request, response) => response.end('{}'));
  redirector = await startTinyUpstream((_request, response) => {
    response.writeHead(302, { location: `${gateway.emulator.url}/v1/chat/completions` }).end();
  }, redirectorPort);
});
afterAll(async () => {
  await trap?.close();
  await redirector?.close();
  await gateway?.close();
});

let counter = 0;
/** Saves the definition and calls it; resolves to the gateway's answer (or the PUT's refusal). */
async function callThrough(definition: Record<string, unknown>): Promise<{ status: number; text: string }> {
  const model = `policy-${counter++}`;
  const saved = await gateway.admin('PUT', `/api/admin/custom-llms/${model}`, definition);
  if (saved.status === 400) return { status: 400, text: await saved.text() };
  expect(saved.status).toBe(201);
  const response = await chat(gateway, model);
  return { status: response.status, text: await response.text() };
}

describe('SSRF: internal addresses are refused unless listed (host:port)', () => {
  it('the listed emulator port is served', async () => {
    expect((await callThrough(openAiDefinition(gateway.emulator.url))).status).toBe(200);
  });

  it.each([
    ['loopback on an unlisted port', () => `http://127.0.0.1:${trap.port}/v1`],
    ['localhost', () => `http://localhost:${trap.port}/v1`],
    ['IPv6 loopback', () => `http://[::1]:${trap.port}/v1`],
    ['IPv4-mapped IPv6 loopback', () => `http://[::ffff:127.0.0.1]:${trap.port}/v1`],
    ['decimal-encoded loopback', () => `http://2130706433:${trap.port}/v1`],
    ['0.0.0.0', () => `http://0.0.0.0:${trap.port}/v1`],
    ['AWS/GCP/Azure metadata', () => 'http://169.254.169.254/latest/meta-data'],
    ['AWS IPv6 metadata', () => 'http://[fd00:ec2::254]/latest/meta-data'],
    ['GCP metadata name', () => 'http://metadata.google.internal/computeMetadata/v1'],
    ['private 10/8', () => 'http://10.0.0.1/v1'],
    ['private 172.16/12', () => 'http://172.16.0.1/v1'],
    ['private 192.168/16', () => 'http://192.168.1.1/v1'],
    ['CGNAT 100.64/10', () => 'http://100.64.0.1/v1'],
    ['IPv6 link-local', () => 'http://[fe80::1]/v1'],
    ['IPv6 unique-local', () => 'http://[fd12:3456::1]/v1'],
  ])('%s', async (_name, baseUrl) => {
    const { status, text } = await callThrough(openAiDefinition(baseUrl()));
    expect(status).toBe(502);
    expect(JSON.parse(text).error.code).toBe('upstream_host_not_allowed');
    expect(trap.requests).toHaveLength(0);
  });

  it('a name that resolves to loopback is refused at connect time (DNS answer checked, not the name)', async () => {
    // "localhost." (trailing dot) passes the name checks; the guarded lookup refuses its address
    // (or, where the resolver does not know it, the lookup fails): either way nothing is sent.
    const { status } = await callThrough(openAiDefinition(`http://localhost.:${trap.port}/v1`));
    expect(status).toBe(502);
    expect(trap.requests).toHaveLength(0);
  });

  it('Bedrock endpoints must be AWS hosts unless listed', async () => {
    const { status, text } = await callThrough(bedrockDefinition('https://bedrock.example.com'));
    expect(status).toBe(502);
    expect(JSON.parse(text).error.message).toContain('Bedrock endpoints must be AWS hosts');
    // The emulator is listed, so a Bedrock definition may use it.
    expect((await callThrough(bedrockDefinition(gateway.emulator.url))).status).toBe(200);
  });
});

describe('SSRF: redirects are never followed', () => {
  it('an upstream 302 -> 502, and the redirect target never receives a request', async () => {
    gateway.emulator.reset();
    const { status, text } = await callThrough(openAiDefinition(redirector.url));
    expect(status).toBe(502);
    expect(JSON.parse(text).error.message).toContain('does not follow redirects');
    expect(redirector.requests).toHaveLength(1);
    expect(gateway.emulator.requests).toHaveLength(0);
  });
});

describe('a region or model id cannot inject a host, path or query', () => {
  it.each([
    'us-east-1.evil.example',
    'evil.example/us-east-1',
    'us-east-1/../../admin',
    'us-east-1?x=1',
    'us-east-1#x',
    'us-east-1@evil.example',
    'us-east-1:443',
    'US-EAST-1',
  ])('region %j is refused at save time with a path-specific message', async (region) => {
    const definition = bedrockDefinition(gateway.emulator.url);
    const { status, text } = await callThrough({
      ...definition,
      aws_bedrock: { ...definition.aws_bedrock, region },
    });
    expect(status).toBe(400);
    const issues = JSON.parse(text).error.issues as { path: string; message: string }[];
    expect(issues.map((issue) => issue.path)).toContain('aws_bedrock.region');
  });

  it.each([
    'anthropic.claude-x/../../../admin',
    'anthropic.claude-x?action=steal&x=1',
    'anthropic.claude-x#fragment',
    'anthropic.claude-x%2F..%2Fadmin',
    'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  ])('model id %j stays one percent-encoded path segment on the wire', async (internalId) => {
    gateway.emulator.reset();
    const { status } = await callThrough(
      bedrockDefinition(gateway.emulator.url, 'static', { internal_id: internalId }),
    );
    expect(status).not.toBe(400);
    const seen = gateway.emulator.lastRequest();
    expect(seen).toBeDefined();
    const match = /^\/model\/([^/?#]+)\/invoke$/.exec(seen?.path ?? '');
    expect(match, `wire path ${seen?.path}`).not.toBeNull();
    expect(decodeURIComponent(match?.[1] ?? '')).toBe(internalId);
    expect(seen?.modelId).toBe(internalId);
  });
});
