import { EMULATOR_DEFAULT_CREDENTIALS } from '@gateway/bedrock-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/test-gateway';

/**
 * Targets through the production wiring: the admin API's 400s with paths, masked secrets inside
 * targets, failover over real sockets, target_status, usage by target.
 */
const CLAUDE = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const keys = EMULATOR_DEFAULT_CREDENTIALS[0]!;
let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({ env: { GATEWAY_TARGET_COOLDOWN_MS: '60000' } });
});
afterAll(() => gateway?.close());

const definition = (extra: Record<string, unknown> = {}) => ({
  internal_id: CLAUDE,
  base_url: gateway.emulator.url,
  aws_bedrock: {
    region: 'us-east-1',
    access_key_id: keys.accessKeyId,
    secret_access_key: keys.secretAccessKey,
  },
  targets: [{ name: 'east' }, { name: 'west', priority: 1, aws_bedrock: { region: 'us-west-2' } }],
  ...extra,
});

const issuesOf = async (response: Response) =>
  ((await response.json()) as { error: { issues: { path: string }[] } }).error.issues.map(
    (issue) => issue.path,
  );

describe('admin API', () => {
  it.each([
    ['duplicate target names', { targets: [{ name: 'a' }, { name: 'a' }] }, 'targets[1].name'],
    ['an empty targets array', { targets: [] }, 'targets'],
    ['a weight of 0', { targets: [{ name: 'a', weight: 0 }] }, 'targets[0].weight'],
    ['a fallback naming itself', { fallbacks: ['self-ref'] }, 'fallbacks[0]'],
  ])('refuses %s with 400 and the path', async (_label, extra, path) => {
    const response = await gateway.admin('PUT', '/api/admin/custom-llms/self-ref', definition(extra));
    expect(response.status).toBe(400);
    expect(await issuesOf(response)).toContain(path);
  });

  it('refuses a fallback cycle through other definitions', async () => {
    await gateway.putDefinition('cycle-a', definition());
    await gateway.putDefinition('cycle-b', definition({ fallbacks: ['cycle-a'] }));
    const response = await gateway.admin(
      'PUT',
      '/api/admin/custom-llms/cycle-a',
      definition({ fallbacks: ['cycle-b'] }),
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('cycle-a -> cycle-b -> cycle-a');
  });

  it('masks secrets inside targets and keeps them when the mask comes back', async () => {
    const withSecret = definition({
      targets: [
        { name: 'east' },
        {
          name: 'west',
          priority: 1,
          aws_bedrock: {
            region: 'us-west-2',
            access_key_id: keys.accessKeyId,
            secret_access_key: keys.secretAccessKey,
          },
        },
      ],
    });
    await gateway.putDefinition('masked', withSecret);
    const read = (await (await gateway.admin('GET', '/api/admin/custom-llms/masked')).json()) as {
      definition: Record<string, unknown>;
      target_status: { name: string; state: string }[];
    };
    expect(JSON.stringify(read.definition)).not.toContain(keys.secretAccessKey);
    expect(read.target_status.map((status) => [status.name, status.state])).toEqual([
      ['east', 'healthy'],
      ['west', 'healthy'],
    ]);
    expect((await gateway.admin('PUT', '/api/admin/custom-llms/masked', read.definition)).status).toBe(200);
    // Still signs with the real secret: the west target answers once east throttles.
    gateway.emulator.setRegionFault('us-east-1', 'throttle');
    const response = await fetch(`${gateway.url}/api/gateway/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': gateway.callerKey,
        'content-type': 'application/json',
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify({ model: 'masked', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-gateway-target')).toBe('west');
    gateway.emulator.clearRegionFaults();

    await gateway.runtime.usage.flush();
    const usage = (await (await gateway.admin('GET', '/api/admin/usage?group_by=target')).json()) as {
      data: { group: string; requests: number }[];
    };
    expect(usage.data).toContainEqual(expect.objectContaining({ group: 'masked#west', requests: 1 }));
    const listed = (await (await gateway.admin('GET', '/api/admin/custom-llms')).json()) as {
      data: { public_id: string; target_status: { name: string; state: string }[] }[];
    };
    const states = listed.data.find((item) => item.public_id === 'masked')?.target_status;
    expect(states?.find((status) => status.name === 'east')?.state).toBe('cooling_down');
  });
});
