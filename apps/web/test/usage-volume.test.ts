import { usageTotals } from '@gateway/db';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openAiDefinition } from './support/definitions';
import { startTestGateway, type TestGateway } from './support/test-gateway';

/**
 * 10,000 requests through the core with a canned upstream (this tests the accounting path, not
 * the network): every one leaves exactly one usage record, and the token sums match.
 */
let gateway: TestGateway;
const REQUESTS = 10_000;
const CONCURRENCY = 100;

beforeAll(async () => {
  gateway = await startTestGateway({
    overrides: {
      upstreamFetch: async (request) => {
        const body = JSON.parse(request.body ?? '{}') as { messages: { content: string }[] };
        const promptTokens = body.messages[0]?.content.length ?? 0;
        return Response.json({
          id: 'chatcmpl-canned',
          object: 'chat.completion',
          created: 0,
          model: 'canned',
          choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: promptTokens, completion_tokens: 3, total_tokens: promptTokens + 3 },
        });
      },
    },
  });
  await gateway.putDefinition('canned', openAiDefinition('https://api.example.com/v1'));
});
afterAll(() => gateway?.close());

it(`keeps one record per request over ${REQUESTS} requests`, async () => {
  const from = new Date(Date.now() - 1000);
  let expectedInput = 0;
  let next = 0;
  const worker = async () => {
    while (next < REQUESTS) {
      const index = next++;
      const content = 'x'.repeat((index % 17) + 1);
      expectedInput += content.length;
      const response = await gateway.runtime.gateway.chatCompletions(
        new Request('http://gateway.test/api/gateway/v1/chat/completions', {
          method: 'POST',
          headers: { authorization: `Bearer ${gateway.callerKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'canned', messages: [{ role: 'user', content }] }),
        }),
      );
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await gateway.runtime.usage.flush();
  expect(gateway.runtime.usage.dropped).toBe(0);
  const [row] = await usageTotals(gateway.runtime.database, {
    from,
    to: new Date(Date.now() + 1000),
    groupBy: 'model',
  });
  expect(row?.requests).toBe(REQUESTS);
  expect(row?.input_tokens).toBe(expectedInput);
  expect(row?.output_tokens).toBe(REQUESTS * 3);
}, 120_000);
