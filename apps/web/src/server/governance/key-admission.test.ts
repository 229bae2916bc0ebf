import { type CallerKey, GatewayError } from '@gateway/ai-gateway';
import { describe, expect, it } from 'vitest';
import { BudgetWindows } from './budget-windows';
import type { AdmissionRequest, UsageRecord } from './core-contract';
import { createKeyAdmission, type LimitName } from './key-admission';
import type { KeyLimits } from './key-limits';
import { createCounterFactory } from './shared-counters';

const caller: CallerKey = { id: 'key-1', name: 'k', hint: 'abcd' };
const request = (estimatedTokens = 0, pricing?: AdmissionRequest['pricing']): AdmissionRequest => ({
  publicId: 'model',
  endpoint: 'chat.completions',
  estimatedTokens,
  pricing,
});

function finishedRecord(tokens: { input: number; output: number }, costUsd?: number): UsageRecord {
  return {
    requestId: 'r',
    apiKeyId: caller.id,
    publicId: 'model',
    upstreamModel: 'model',
    endpoint: 'chat.completions',
    status: 200,
    usage: {
      input_tokens: tokens.input,
      output_tokens: tokens.output,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    },
    costUsd,
    ttfbMs: 1,
    latencyMs: 2,
    stream: false,
    errorCode: undefined,
    startedAt: new Date(),
    target: 'primary',
    attempts: 1,
    errorMessage: undefined,
  };
}

function setUp(limits: KeyLimits, stored = { tokens: 0, usd: 0 }, defaultRpm = 0) {
  const rejected: LimitName[] = [];
  const budgets = new BudgetWindows({
    usageSince: async () => stored,
    flushUsage: async () => undefined,
    now: () => new Date(),
  });
  const admit = createKeyAdmission({
    limitsOf: (id) => (id === caller.id ? limits : undefined),
    defaultRpm,
    counters: createCounterFactory({ redis: undefined, health: { succeeded() {}, failed() {} } }),
    budgets,
    onRejected: (limit) => rejected.push(limit),
  });
  return { admit, rejected };
}

async function refusal(work: Promise<unknown>): Promise<GatewayError & { headers?: Record<string, string> }> {
  const error = await work.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof GatewayError)) throw new Error('expected a GatewayError refusal');
  return error;
}

describe('createKeyAdmission', () => {
  it('gives keys without limits no ticket', async () => {
    const { admit } = setUp({});
    expect(await admit({ ...caller, id: 'other' }, request())).toBeUndefined();
  });

  it('counts rpm, answers OpenAI headers, refuses the request past the limit with retry-after', async () => {
    const { admit, rejected } = setUp({ rpm: 3 });
    const tickets = [
      await admit(caller, request()),
      await admit(caller, request()),
      await admit(caller, request()),
    ];
    expect(tickets.map((ticket) => ticket?.headers?.['x-ratelimit-remaining-requests'])).toEqual([
      '2',
      '1',
      '0',
    ]);
    expect(tickets[0]?.headers?.['x-ratelimit-limit-requests']).toBe('3');
    const error = await refusal(Promise.resolve(admit(caller, request())));
    expect(error).toMatchObject({ code: 'rate_limit_exceeded', status: 429 });
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(error.headers?.['x-ratelimit-remaining-requests']).toBe('0');
    expect(rejected).toEqual(['rpm']);
  });

  it('uses GATEWAY_RATE_LIMIT_PER_MINUTE for keys without their own rpm', async () => {
    const { admit } = setUp({}, undefined, 1);
    await admit(caller, request());
    await expect(Promise.resolve(admit(caller, request()))).rejects.toMatchObject({
      code: 'rate_limit_exceeded',
    });
  });

  it('releases max_concurrent slots when tickets settle', async () => {
    const { admit, rejected } = setUp({ max_concurrent: 2 });
    const first = await admit(caller, request());
    await admit(caller, request());
    await expect(Promise.resolve(admit(caller, request()))).rejects.toMatchObject({
      code: 'rate_limit_exceeded',
    });
    first?.settle(finishedRecord({ input: 1, output: 1 }));
    first?.settle(finishedRecord({ input: 1, output: 1 })); // a second settle is ignored
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await admit(caller, request())).toBeDefined();
    await expect(Promise.resolve(admit(caller, request()))).rejects.toMatchObject({
      code: 'rate_limit_exceeded',
    });
    expect(rejected).toEqual(['max_concurrent', 'max_concurrent']);
  });

  it('reserves the tpm estimate and settles it with the real usage', async () => {
    const { admit } = setUp({ tpm: 100 });
    const ticket = await admit(caller, request(80));
    expect(ticket?.headers?.['x-ratelimit-remaining-tokens']).toBe('20');
    // 80 reserved: a second request of 30 would pass 100.
    await expect(Promise.resolve(admit(caller, request(30)))).rejects.toMatchObject({
      code: 'rate_limit_exceeded',
    });
    ticket?.settle(finishedRecord({ input: 10, output: 10 }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const next = await admit(caller, request(30));
    expect(next?.headers?.['x-ratelimit-remaining-tokens']).toBe('50');
  });

  it('refuses a daily_usd budget from stored spend plus in-flight reservations, priced by the definition', async () => {
    const pricing = { prompt: '0.001', completion: '0.002' };
    const { admit, rejected } = setUp({ daily_usd: 1 }, { tokens: 0, usd: 0.5 });
    const ticket = await admit(caller, request(200, pricing)); // reserves 200 x $0.002 = $0.40
    const error = await refusal(Promise.resolve(admit(caller, request(100, pricing)))); // +$0.20 > $1
    expect(error.code).toBe('budget_exceeded');
    expect(error.message).toContain('daily dollar budget');
    ticket?.settle(finishedRecord({ input: 50, output: 50 }, 0.15));
    expect(await admit(caller, request(100, pricing))).toBeDefined(); // 0.65 + 0.20 <= 1
    expect(rejected).toEqual(['daily_usd']);
  });

  it('counts unpriced models as zero dollars and monthly_tokens in tokens', async () => {
    const { admit } = setUp({ monthly_usd: 0.01, monthly_tokens: 1_000 }, { tokens: 990, usd: 0 });
    expect(await admit(caller, request(5))).toBeDefined();
    await expect(Promise.resolve(admit(caller, request(10)))).rejects.toMatchObject({
      code: 'budget_exceeded',
    });
  });
});
