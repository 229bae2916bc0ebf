import type { ServerResponse } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTinyUpstream, type TinyUpstream } from '../faults/support/tiny-upstream';
import { bedrockDefinition, openAiDefinition } from '../support/definitions';
import { startTestGateway, type TestGateway } from '../support/test-gateway';
import { expectWellFormed } from './support/error-shapes';

// Issue 17 "Also" and #6: hostile upstream answers (random SSE, random event-stream bytes,
// truncated and oversized bodies) never crash the gateway, never hang a caller, and every failure
// reaches the caller in its own format.
type Answer = { status: number; contentType: string; body: Buffer; truncate: boolean };
let next: Answer = { status: 200, contentType: 'application/json', body: Buffer.from('{}'), truncate: false };
let gateway: TestGateway;
let upstream: TinyUpstream;

function send(response: ServerResponse, answer: Answer) {
  if (answer.truncate) {
    response.writeHead(answer.status, {
      'content-type': answer.contentType,
      'content-length': String(answer.body.byteLength + 1000),
    });
    response.write(answer.body);
    setTimeout(() => response.destroy(), 5);
    return;
  }
  response.writeHead(answer.status, { 'content-type': answer.contentType });
  response.end(answer.body);
}

beforeAll(async () => {
  upstream = await startTinyUpstream((_request, response) => send(response, next));
  gateway = await startTestGateway({ env: { GATEWAY_MAX_RETRIES: '0', GATEWAY_IDLE_TIMEOUT_MS: '2000' } });
  await gateway.putDefinition('hostile-openai', openAiDefinition(upstream.url));
  await gateway.putDefinition(
    'hostile-anthropic',
    openAiDefinition(upstream.url, {
      internal_id: 'claude-sonnet-4-5',
      openclaw_settings: { api_adapter: 'anthropic-messages' },
    }),
  );
  await gateway.putDefinition('hostile-bedrock', bedrockDefinition(upstream.url));
});
afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

const lineEnding = fc.constantFrom('\n', '\r\n', '\r');
const sseLine = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value) => `data: ${JSON.stringify(value)}`),
  fc.constantFrom(
    'data: [DONE]',
    'data: {"choices":[{"delta":{"content":"hi"},"index":0}]}',
    'data: {"choices":[],"usage":{"prompt_tokens":"NaN","completion_tokens":1e12}}',
    'data: {"type":"message_start","message":{"id":"m","usage":{"input_tokens":-3}}}',
    'data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}}',
    'data: {"type":"message_stop"}',
    'data: {"error":{"message":"boom sk-leaky-0123456789abcdef"}}',
    'event: error',
    ': comment',
    '',
  ),
  fc.string({ maxLength: 40 }),
);
const sseBody = fc
  .tuple(fc.array(sseLine, { maxLength: 20 }), lineEnding)
  .map(([lines, ending]) => Buffer.from(lines.join(ending) + ending));

const answerArbitrary = fc.record({
  status: fc.constantFrom(200, 200, 200, 400, 429, 500, 503),
  contentType: fc.constantFrom(
    'text/event-stream',
    'application/json',
    'application/vnd.amazon.eventstream',
    'text/html',
  ),
  body: fc.oneof(
    sseBody,
    fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)),
    fc.jsonValue({ maxDepth: 3 }).map((value) => Buffer.from(JSON.stringify(value))),
  ),
  truncate: fc.boolean(),
});

const call = (model: string, endpoint: 'chat/completions' | 'messages', stream: boolean) =>
  fetch(`${gateway.url}/api/gateway/v1/${endpoint}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gateway.callerKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model,
      stream,
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hello' }],
    }),
  });

const statuses: Record<number, number> = {};
afterAll(() => console.info('hostile upstream fuzz: caller statuses', JSON.stringify(statuses)));

describe('fuzz: hostile upstream answers', () => {
  it('every random answer reaches the caller well-formed, streaming or not, in both formats', async () => {
    await fc.assert(
      fc.asyncProperty(
        answerArbitrary,
        fc.constantFrom('hostile-openai', 'hostile-anthropic', 'hostile-bedrock'),
        fc.constantFrom<['chat/completions' | 'messages', 'openai' | 'anthropic']>(
          ['chat/completions', 'openai'],
          ['messages', 'anthropic'],
        ),
        fc.boolean(),
        async (answer, model, [endpoint, route], stream) => {
          next = answer;
          const response = await call(model, endpoint, stream);
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          await expectWellFormed(response, route, 8_000);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('an SSE line past the 8 MB cap ends the stream with an error event, not an out-of-memory', async () => {
    next = {
      status: 200,
      contentType: 'text/event-stream',
      body: Buffer.from(`data: {"choices":[{"delta":{"content":"${'x'.repeat(9 * 1024 * 1024)}"}}]}\n\n`),
      truncate: false,
    };
    for (const [model, endpoint] of [
      ['hostile-openai', 'chat/completions'],
      ['hostile-openai', 'messages'],
      ['hostile-anthropic', 'messages'],
    ] as const) {
      const started = Date.now();
      const response = await call(model, endpoint, true);
      const text = await response.text();
      expect(text).toMatch(/larger than 8388608 bytes|longer than 8388608 bytes/);
      expect(text.length).toBeLessThan(1024 * 1024);
      expect(Date.now() - started).toBeLessThan(10_000);
    }
  });

  it('the gateway still serves after the hostile run', async () => {
    next = {
      status: 200,
      contentType: 'application/json',
      body: Buffer.from(
        JSON.stringify({
          id: 'x',
          object: 'chat.completion',
          created: 1,
          model: 'm',
          choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      ),
      truncate: false,
    };
    expect((await call('hostile-openai', 'chat/completions', false)).status).toBe(200);
  });
});
