import { EMULATOR_DEFAULT_CREDENTIALS, type EmulatorHandle, startEmulator } from '@gateway/bedrock-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../create-gateway';
import type { CustomLlmDefinition } from '../definition/custom-llm-definition-schema';
import type { AdmissionTicket } from '../gateway-deps';
import { coreTestDeps } from '../testing/core-test-deps';
import type { UsageRecord } from '../usage/usage-record';

/**
 * `/v1/responses` streams whose caller goes away are recorded once, as 499 `client_closed`, at
 * once — not when the upstream's next event happens to arrive (the upstream here waits 5 s
 * between events) — on the translated path and on the pass-through path.
 */
let emulator: EmulatorHandle;
let gateway: Gateway;
const records: UsageRecord[] = [];
const settled: string[] = [];
const credentials = EMULATOR_DEFAULT_CREDENTIALS[0] as { accessKeyId: string; secretAccessKey: string };

beforeAll(async () => {
  emulator = await startEmulator();
  const definitions: Record<string, CustomLlmDefinition> = {
    claude: {
      internal_id: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
      base_url: emulator.url,
      aws_bedrock: {
        region: 'us-east-1',
        access_key_id: credentials.accessKeyId,
        secret_access_key: credentials.secretAccessKey,
      },
    },
    'gpt-responses': {
      internal_id: 'emulator-gpt',
      base_url: `${emulator.url}/v1`,
      openclaw_settings: { api_adapter: 'openai-responses' },
    },
  };
  const { deps } = coreTestDeps(definitions, {
    recordUsage: (record) => records.push(record),
    admitCaller: (): AdmissionTicket => ({ settle: (record) => settled.push(record.requestId) }),
    limits: { maxRetries: 0 },
  });
  gateway = createGateway(deps);
});
afterAll(() => emulator?.close());
beforeEach(() => {
  records.length = 0;
  settled.length = 0;
  emulator.reset();
});

const post = (body: unknown) =>
  new Request('http://gateway.test/v1/responses', {
    method: 'POST',
    headers: { authorization: 'Bearer caller-key', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function waitForRecord(timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (records.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
}

describe('/v1/responses: a caller that disconnects mid-stream', () => {
  it.each([
    ['translated through the pivot (Claude on Bedrock)', 'claude'],
    ['passed through (api_adapter openai-responses)', 'gpt-responses'],
  ])('is recorded as 499 at once, %s', async (_label, model) => {
    emulator.setScenario('*', 'slow-drip', { delayMs: 5000 });
    const response = await gateway.responses(post({ model, input: 'hello', stream: true, store: false }));
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const cancelledAt = Date.now();
    await reader.cancel();
    await waitForRecord(1000);
    expect(Date.now() - cancelledAt).toBeLessThan(1000);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      status: 499,
      errorCode: 'client_closed',
      stream: true,
      publicId: model,
    });
    expect(settled).toEqual([records[0]?.requestId]);
  });

  it('a stream read to the end is recorded once as 200 with its usage (both paths)', async () => {
    for (const model of ['claude', 'gpt-responses']) {
      records.length = 0;
      const response = await gateway.responses(post({ model, input: 'hello', stream: true, store: false }));
      expect(await response.text()).toContain('response.completed');
      await waitForRecord(1000);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ status: 200, publicId: model });
      expect(records[0]?.usage.output_tokens).toBeGreaterThan(0);
    }
  });
});
