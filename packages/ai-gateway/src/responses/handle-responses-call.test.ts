import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import type { StreamPart } from '../pipeline/stream-part';
import { parseSse } from '../sse';
import type {
  AnthropicMessage,
  AnthropicMessagesRequest,
  AnthropicStreamEvent,
} from '../translate/anthropic-types';
import { type HandleResponsesCallInput, handleResponsesCall, type SendResult } from './handle-responses-call';
import { responseSchemaErrors, streamEventSchemaErrors } from './openai-schema-validator';
import { parseResponsesRequest } from './parse-responses-request';
import { createMemoryResponsesStore } from './responses-store';

const SEAL_KEY = new Uint8Array(32).fill(7);
const USAGE = {
  input_tokens: 10,
  output_tokens: 20,
  cache_read_input_tokens: 5,
  cache_creation_input_tokens: 0,
};

function message(content: AnthropicMessage['content'], stopReason = 'end_turn'): AnthropicMessage {
  return {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude',
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: USAGE,
  };
}

/** The events Claude streams for a message (what readUpstreamEvents yields). */
function eventsOf(whole: AnthropicMessage): AnthropicStreamEvent[] {
  const events: AnthropicStreamEvent[] = [
    {
      type: 'message_start',
      message: { ...whole, content: [], stop_reason: null, usage: { ...USAGE, output_tokens: 1 } },
    },
  ];
  whole.content.forEach((block, index) => {
    if (block.type === 'text') {
      events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const piece of block.text.split(/(?<= )/))
        events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } });
    } else if (block.type === 'tool_use') {
      events.push({ type: 'content_block_start', index, content_block: { ...block, input: {} } });
      const json = JSON.stringify(block.input);
      events.push({
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: json.slice(0, 5) },
      });
      events.push({
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: json.slice(5) },
      });
    } else if (block.type === 'thinking') {
      events.push({
        type: 'content_block_start',
        index,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      });
      events.push({
        type: 'content_block_delta',
        index,
        delta: { type: 'thinking_delta', thinking: block.thinking },
      });
      events.push({
        type: 'content_block_delta',
        index,
        delta: { type: 'signature_delta', signature: block.signature },
      });
    }
    events.push({ type: 'content_block_stop', index });
  });
  events.push({
    type: 'message_delta',
    delta: { stop_reason: whole.stop_reason, stop_sequence: null },
    usage: { output_tokens: 20 },
  });
  events.push({ type: 'message_stop' });
  return events;
}

async function* partsOf(events: AnthropicStreamEvent[], error?: GatewayError): AsyncGenerator<StreamPart> {
  for (const event of events) yield { type: 'event', event };
  if (error) yield { type: 'error', error };
}

type Setup = {
  reply: AnthropicMessage;
  failAfter?: number;
  body: Record<string, unknown>;
} & Partial<HandleResponsesCallInput>;

function call(setup: Setup) {
  const sent: AnthropicMessagesRequest[] = [];
  const debug: string[] = [];
  let counter = 0;
  const response = handleResponsesCall({
    request: parseResponsesRequest(
      { model: 'claude', ...setup.body },
      { info() {}, warn() {}, error() {}, debug: (_fields, text) => debug.push(text) },
    ),
    model: 'claude',
    async send(pivot, stream): Promise<SendResult> {
      sent.push(pivot);
      if (!stream) return { kind: 'message', message: setup.reply };
      const events = eventsOf(setup.reply);
      return setup.failAfter === undefined
        ? { kind: 'events', events: partsOf(events) }
        : {
            kind: 'events',
            events: partsOf(
              events.slice(0, setup.failAfter),
              new GatewayError({ code: 'upstream_stream_error', status: 502, message: 'boom' }),
            ),
          };
    },
    callerKeyId: 'key-1',
    ids: () => String(++counter).padStart(8, '0'),
    now: () => new Date('2026-11-30T12:00:00Z'),
    sealKey: SEAL_KEY,
    logger: { info() {}, warn() {}, error() {}, debug: (_fields, text) => debug.push(text) },
    capability: { thinking: 'budget', family: 'anthropic-claude' },
    ...setup,
  });
  return { response, sent, debug };
}

async function streamed(response: Response) {
  const events: Array<{ type: string; sequence_number: number } & Record<string, unknown>> = [];
  for await (const message of parseSse(response.body as ReadableStream<Uint8Array>)) {
    const event = JSON.parse(message.data);
    expect(message.event).toBe(event.type);
    events.push(event);
  }
  return events;
}

const THINKING = {
  type: 'thinking' as const,
  thinking: 'The user wants the weather. ',
  signature: 'sig-abc',
};
const TOOL_CALL = {
  type: 'tool_use' as const,
  id: 'toolu_1',
  name: 'weather__lookup',
  input: { city: 'Paris' },
};
const NAMESPACE_TOOL = {
  type: 'namespace',
  name: 'weather',
  description: 'Weather tools',
  tools: [
    {
      type: 'function',
      name: 'lookup',
      parameters: { type: 'object', properties: { city: { type: 'string' } } },
    },
  ],
};

describe('handleResponsesCall', () => {
  it("answers a whole message as a Response that follows OpenAI's schema", async () => {
    const { response, sent } = call({
      reply: message([{ type: 'text', text: 'Hi there' }]),
      body: { input: 'Hello', instructions: 'Be brief', metadata: { a: 'b' } },
    });
    const body = await (await response).json();
    expect(responseSchemaErrors(body)).toEqual([]);
    expect(body).toMatchObject({
      object: 'response',
      status: 'completed',
      instructions: 'Be brief',
      metadata: { a: 'b' },
      output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hi there' }] }],
      usage: {
        input_tokens: 15,
        output_tokens: 20,
        total_tokens: 35,
        input_tokens_details: { cached_tokens: 5 },
      },
    });
    expect(sent[0]?.system).toEqual([{ type: 'text', text: 'Be brief' }]);
    expect(sent[0]?.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }]);
  });

  it('streams thinking, a namespaced call and text as the full event sequence, each event valid', async () => {
    const reply = message([THINKING, TOOL_CALL], 'tool_use');
    const { response, sent } = call({
      reply,
      body: {
        input: 'Weather in Paris?',
        stream: true,
        tools: [NAMESPACE_TOOL],
        reasoning: { effort: 'low', summary: 'auto' },
        include: ['reasoning.encrypted_content'],
        store: false,
      },
    });
    const events = await streamed(await response);
    for (const event of events) expect(streamEventSchemaErrors(event), event.type).toEqual([]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const final = events.at(-1)?.response as { output: Array<Record<string, unknown>> };
    expect(responseSchemaErrors(final)).toEqual([]);
    expect(final.output[0]).toMatchObject({
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: THINKING.thinking }],
    });
    expect(final.output[0]?.encrypted_content).toMatch(/^gwr1\./);
    expect(final.output[1]).toMatchObject({
      type: 'function_call',
      name: 'lookup',
      namespace: 'weather',
      call_id: 'toolu_1',
      arguments: '{"city":"Paris"}',
    });
    expect(sent[0]?.tools?.[0]?.name).toBe('weather__lookup');
    expect(sent[0]?.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
  });

  it('leaves encrypted_content out when the caller did not include it', async () => {
    const { response } = call({
      reply: message([THINKING, { type: 'text', text: 'Sunny' }]),
      body: { input: 'Weather?', reasoning: { effort: 'low' } },
    });
    const body = await (await response).json();
    expect(body.output[0]).not.toHaveProperty('encrypted_content');
    expect(responseSchemaErrors(body)).toEqual([]);
  });

  it('takes an encrypted reasoning item back as the thinking block; a tampered one turns thinking off', async () => {
    const first = call({
      reply: message([THINKING, TOOL_CALL], 'tool_use'),
      body: {
        input: 'Weather in Paris?',
        tools: [NAMESPACE_TOOL],
        reasoning: { effort: 'low' },
        include: ['reasoning.encrypted_content'],
        store: false,
      },
    });
    const output = (await (await first.response).json()).output as Array<Record<string, unknown>>;
    const followUp = (items: unknown[]) =>
      call({
        reply: message([{ type: 'text', text: 'It is sunny.' }]),
        body: {
          input: [
            { role: 'user', content: 'Weather in Paris?' },
            ...items,
            { type: 'function_call_output', call_id: 'toolu_1', output: 'sunny' },
          ],
          tools: [NAMESPACE_TOOL],
          reasoning: { effort: 'low' },
        },
      });

    const good = followUp(output);
    await good.response;
    expect(good.sent[0]?.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(good.sent[0]?.messages[1]).toEqual({
      role: 'assistant',
      content: [
        THINKING,
        { type: 'tool_use', id: 'toolu_1', name: 'weather__lookup', input: { city: 'Paris' } },
      ],
    });

    const sealed = String(output[0]?.encrypted_content);
    const tampered = followUp([{ ...output[0], encrypted_content: `${sealed.slice(0, -4)}AAAA` }, output[1]]);
    expect((await tampered.response).status).toBe(200);
    expect(tampered.sent[0]?.thinking).toBeUndefined();
    expect(tampered.sent[0]?.messages[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'tool_use', id: 'toolu_1', name: 'weather__lookup', input: { city: 'Paris' } }],
    });
    expect(tampered.debug).toContain('responses: reasoning item that does not open left out');

    const otherFamily = call({
      reply: message([{ type: 'text', text: 'ok' }]),
      body: {
        input: [
          { role: 'user', content: 'Weather in Paris?' },
          ...output,
          { type: 'function_call_output', call_id: 'toolu_1', output: 'sunny' },
        ],
        tools: [NAMESPACE_TOOL],
        reasoning: { effort: 'low' },
      },
      capability: { thinking: 'budget', family: 'openai-completions:gpt' },
    });
    await otherFamily.response;
    expect(otherFamily.sent[0]?.thinking).toBeUndefined();
  });

  it('ends a stream that fails mid-way with error and response.failed', async () => {
    const { response } = call({
      reply: message([{ type: 'text', text: 'one two three' }]),
      failAfter: 4,
      body: { input: 'Hi', stream: true },
    });
    const events = await streamed(await response);
    for (const event of events) expect(streamEventSchemaErrors(event), event.type).toEqual([]);
    expect(events.slice(-2).map((event) => event.type)).toEqual(['error', 'response.failed']);
    expect(events.at(-1)?.response).toMatchObject({
      status: 'failed',
      error: { code: 'server_error', message: 'boom' },
    });
  });

  it('reports max tokens as incomplete with reason max_output_tokens', async () => {
    const { response } = call({
      reply: message([{ type: 'text', text: 'cut' }], 'max_tokens'),
      body: { input: 'Hi', stream: true, max_output_tokens: 16 },
    });
    const events = await streamed(await response);
    expect(events.at(-1)).toMatchObject({
      type: 'response.incomplete',
      response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
    });
    expect(streamEventSchemaErrors(events.at(-1) ?? {})).toEqual([]);
  });

  it('drops hosted tools it cannot run, and refuses them when forced', async () => {
    const body = {
      input: 'Hi',
      tools: [
        { type: 'web_search', external_web_access: false },
        { type: 'function', name: 'f' },
      ],
    };
    const dropped = call({ reply: message([{ type: 'text', text: 'ok' }]), body });
    const answer = await dropped.response;
    expect(answer.headers.get('x-gateway-dropped-tools')).toBe('web_search');
    expect(dropped.sent[0]?.tools?.map((tool) => tool.name)).toEqual(['f']);

    const forced = await call({
      reply: message([]),
      body: { ...body, tool_choice: { type: 'web_search_preview' } },
    }).response;
    expect(forced.status).toBe(400);
    expect((await forced.json()).error).toMatchObject({
      param: 'tool_choice',
      message: expect.stringContaining('web_search_preview'),
    });
  });

  it('continues from a stored response, for its own key only', async () => {
    const store = createMemoryResponsesStore(() => new Date('2026-11-30T12:00:00Z'));
    const first = await (
      await call({
        reply: message([TOOL_CALL], 'tool_use'),
        body: { input: 'Weather?', tools: [NAMESPACE_TOOL] },
        store,
      }).response
    ).json();
    const next = {
      input: [{ type: 'function_call_output', call_id: 'toolu_1', output: 'sunny' }],
      previous_response_id: first.id,
      tools: [NAMESPACE_TOOL],
    };
    const second = call({ reply: message([{ type: 'text', text: 'Sunny.' }]), body: next, store });
    expect((await second.response).status).toBe(200);
    expect(second.sent[0]?.messages.map((entry) => entry.role)).toEqual(['user', 'assistant', 'user']);

    const stranger = await call({ reply: message([]), body: next, store, callerKeyId: 'key-2' }).response;
    expect(stranger.status).toBe(404);
    expect((await stranger.json()).error).toMatchObject({
      param: 'previous_response_id',
      type: 'invalid_request_error',
    });

    const repeated = await call({
      reply: message([]),
      body: { ...next, input: [first.output[0], ...next.input] },
      store,
    }).response;
    expect(repeated.status).toBe(400);
    expect((await repeated.json()).error.param).toBe('input[0]');
  });

  it('leaves unknown items out and names an output without its call', async () => {
    const dropped = call({
      reply: message([{ type: 'text', text: 'ok' }]),
      body: {
        input: [
          { type: 'compaction', encrypted_content: 'x' },
          { role: 'developer', content: 'Rules' },
          { role: 'user', content: 'Hi' },
        ],
      },
    });
    expect((await dropped.response).status).toBe(200);
    expect(dropped.sent[0]?.system).toEqual([{ type: 'text', text: 'Rules' }]);
    expect(dropped.debug).toContain('responses: input item left out');

    const orphan = await call({
      reply: message([]),
      body: {
        input: [
          { role: 'user', content: 'Hi' },
          { type: 'function_call_output', call_id: 'nope', output: 'x' },
        ],
      },
    }).response;
    expect(orphan.status).toBe(400);
    expect((await orphan.json()).error.param).toBe('input[1].call_id');
  });

  it('answers text.format json_schema through the forced answer tool, as output_text', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const { response, sent } = call({
      reply: message(
        [{ type: 'tool_use', id: 'toolu_9', name: 'place', input: { city: 'Paris' } }],
        'tool_use',
      ),
      body: {
        input: 'Where?',
        text: { format: { type: 'json_schema', name: 'place', schema, strict: true } },
      },
    });
    const body = await (await response).json();
    expect(sent[0]?.tool_choice).toEqual({ type: 'tool', name: 'place' });
    expect(body.output).toMatchObject([
      { type: 'message', content: [{ type: 'output_text', text: '{"city":"Paris"}' }] },
    ]);
    expect(responseSchemaErrors(body)).toEqual([]);
  });
});
