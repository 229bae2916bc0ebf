import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chat, errorOf } from '../faults/support/gateway-calls';
import { openAiDefinition } from '../support/definitions';
import { startTestGateway, type TestGateway } from '../support/test-gateway';
import { createKey, eventually, governanceCalls } from './governance-support';

// $1 per 1,000 input tokens and $2 per 1,000 output tokens: one emulator answer costs cents.
const PRICING = { prompt: '0.001', completion: '0.002' };

let gateway: TestGateway;
let calls: ReturnType<typeof governanceCalls>;
beforeAll(async () => {
  gateway = await startTestGateway({ env: { GATEWAY_MAX_RETRIES: '0' } });
  calls = governanceCalls(gateway);
  await gateway.putDefinition('gpt', openAiDefinition(gateway.emulator.url));
  await gateway.putDefinition('priced', openAiDefinition(gateway.emulator.url, { pricing: PRICING }));
});
afterAll(() => gateway?.close());
beforeEach(() => gateway.emulator.reset());

type LogRow = {
  request_id: string;
  key_id: string | null;
  model: string | null;
  status: number;
  input_tokens: number;
  output_tokens: number;
  cost: number | null;
  error?: { code: string; message: string | null };
};

async function logOf(keyId: string, extra = ''): Promise<{ data: LogRow[]; next_cursor: string | null }> {
  const response = await calls.requests(`key=${keyId}${extra}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { data: LogRow[]; next_cursor: string | null };
}

async function send(model: string, key: string, options: Parameters<typeof chat>[2] = {}) {
  const response = await chat(gateway, model, { key, ...options });
  const text = await response.text();
  return { status: response.status, text, headers: response.headers };
}

describe('tpm settles with the real usage', () => {
  it('counts each answer’s real tokens, and refuses once the minute’s tokens are spent', async () => {
    const { id, key } = await createKey(gateway, { tpm: 60 });
    const statuses: number[] = [];
    for (let index = 0; index < 20 && statuses.at(-1) !== 429; index++) {
      statuses.push((await send('gpt', key)).status);
    }
    const log = await logOf(id, '&status=200');
    const used = log.data.reduce((sum, row) => sum + row.input_tokens + row.output_tokens, 0);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(0);
    // Every admitted request's real tokens were settled, and the reservation of each request's
    // estimate (input size + max_tokens) keeps the minute from overshooting the limit.
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThanOrEqual(60);
  });
});

describe('daily_usd with a priced model', () => {
  it('refuses with budget_exceeded once the day’s cost reaches the limit; unpriced models cost nothing', async () => {
    const { id, key } = await createKey(gateway, { daily_usd: 0.05 });
    for (let index = 0; index < 5; index++) expect((await send('gpt', key)).status).toBe(200);
    let refused: { status: number; text: string } | undefined;
    for (let index = 0; index < 50 && !refused; index++) {
      const answer = await send('priced', key);
      if (answer.status !== 200) refused = answer;
    }
    expect(refused?.status).toBe(429);
    expect(JSON.parse(refused?.text ?? '{}').error.code).toBe('budget_exceeded');
    expect(JSON.parse(refused?.text ?? '{}').error.message).toContain('daily dollar budget');
    const log = await logOf(id, '&model=priced&status=200');
    const spent = log.data.reduce((sum, row) => sum + (row.cost ?? 0), 0);
    // Reservations at admission: the day never overshoots its budget.
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(0.05);
    expect((await logOf(id, '&model=gpt')).data.every((row) => row.cost === null)).toBe(true);
  });

  it('PATCH raises the limit and the key is served again at once', async () => {
    // A budget below one request's reserved cost refuses it outright.
    const { id, key } = await createKey(gateway, { daily_usd: 0.000001 });
    await eventually(async () => (await send('priced', key)).status === 429);
    const patched = await calls.setLimits(id, { daily_usd: 100 });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { limits: unknown }).limits).toEqual({ daily_usd: 100 });
    expect((await send('priced', key)).status).toBe(200);
    const refused = await calls.setLimits(id, { daily_usd: -1 } as never);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('limits.daily_usd');
  });
});

describe('the request log', () => {
  it('holds one row per request for every exit path, pages with a cursor and exports CSV', async () => {
    const { id, key } = await createKey(gateway, { rpm: 4 });
    expect((await send('gpt', key)).status).toBe(200); // success
    expect((await send('gpt', key, { stream: true })).status).toBe(200);
    expect((await send('nope', key)).status).toBe(404);
    gateway.emulator.setScenario('*', 'service-unavailable', { times: 1 });
    expect((await send('gpt', key)).status).toBe(503); // upstream error
    const seenUpstream = gateway.emulator.requests.length;
    gateway.emulator.setScenario('*', 'hang', { times: 1 });
    const caller = new AbortController();
    const aborted = chat(gateway, 'gpt', { key, signal: caller.signal }).catch(() => 'aborted');
    await eventually(() => gateway.emulator.requests.length > seenUpstream);
    caller.abort();
    expect(await aborted).toBe('aborted');
    expect((await send('gpt', key)).status).toBe(429); // rate limited (5th admitted attempt > rpm 4)

    await eventually(async () => (await logOf(id)).data.length === 6).catch(async () => {
      throw new Error(JSON.stringify((await logOf(id)).data.map((row) => row.status)));
    });
    const { data } = await logOf(id);
    expect(data.map((row) => row.status)).toEqual([429, 499, 503, 404, 200, 200]);
    expect(data[0]?.error?.code).toBe('rate_limit_exceeded');
    expect(data[1]?.error?.code).toBe('client_closed');
    expect(data[3]?.error?.code).toBe('model_not_found');
    expect(data[4]?.output_tokens).toBeGreaterThan(0);

    const first = await logOf(id, '&limit=4');
    expect(first.data).toHaveLength(4);
    const second = await logOf(id, `&limit=4&cursor=${first.next_cursor}`);
    expect(second.data.map((row) => row.status)).toEqual([200, 200]);
    expect(second.next_cursor).toBeNull();
    expect((await logOf(id, '&status=5xx')).data.map((row) => row.status)).toEqual([503]);

    const csv = await (await calls.requests(`key=${id}&status=200&format=csv`)).text();
    const lines = csv.trim().split('\n');
    expect(lines[0]).toMatch(/^request_id,time,key_id,model,target,endpoint,status/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`,${id},gpt,`);

    expect((await calls.requests('cursor=not-a-cursor')).status).toBe(400);
    expect((await calls.requests('status=abc')).status).toBe(400);
  });
});

describe('limit refusals', () => {
  it('answer 429 rate_limit_exceeded with retry-after in the endpoint’s error shape', async () => {
    const { key } = await createKey(gateway, { rpm: 1 });
    expect((await send('gpt', key)).status).toBe(200);
    const response = await chat(gateway, 'gpt', { key });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await errorOf(response)).message).toContain('1 requests per minute');
  });
});
