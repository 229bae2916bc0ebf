import type { GatewayError } from '../errors/gateway-error';
import type { AnthropicStreamEvent, AnthropicUsage } from '../translate/anthropic-types';
import {
  buildResponseObject,
  callTarget,
  mapResponsesUsage,
  type ResponseContext,
  statusFromStopReason,
} from './build-response-object';
import type { ResponseObject, ResponseOutputItem, ResponseStreamEvent } from './responses-types';

type OpenBlock =
  | { kind: 'text'; outputIndex: number; itemId: string; text: string }
  | { kind: 'call'; outputIndex: number; itemId: string; callId: string; flatName: string; json: string }
  | { kind: 'thinking'; outputIndex: number; itemId: string; thinking: string; signature: string };

export type ResponsesEventStream = {
  /** `response.created` and `response.in_progress`. */
  start(): ResponseStreamEvent[];
  push(event: AnthropicStreamEvent): Promise<ResponseStreamEvent[]>;
  /**
   * The end of a stream whose upstream failed: an `error` event (with a nested `error` object too,
   * which makes the openai SDKs raise) and `response.failed`. Never a silent end.
   */
  fail(error: GatewayError): ResponseStreamEvent[];
  /** The final response once `response.completed`/`incomplete`/`failed` was written. */
  result(): ResponseObject | undefined;
};

/**
 * Pivot (Anthropic) stream events -> the Responses stream
 * (https://platform.openai.com/docs/api-reference/responses-streaming), numbered in emission order.
 * A text block is one `message` item, a tool call a `function_call` (or `custom_tool_call`) item,
 * a thinking block a `reasoning` item whose summary streams as reasoning-summary events.
 */
export function createAnthropicToResponsesEvents(context: ResponseContext): ResponsesEventStream {
  let sequence = 0;
  const output: ResponseOutputItem[] = [];
  const open = new Map<number, OpenBlock>();
  let usage: Partial<AnthropicUsage> = {};
  let stopReason: string | null = null;
  let thinkingCharacters = 0;
  let final: ResponseObject | undefined;

  const emit = (type: string, fields: Record<string, unknown>): ResponseStreamEvent =>
    ({ type, sequence_number: sequence++, ...fields }) as ResponseStreamEvent;
  const snapshot = (fields: Parameters<typeof buildResponseObject>[1]) =>
    buildResponseObject(context, fields);
  const inProgress = () =>
    snapshot({ status: 'in_progress', output: [], error: null, incomplete_details: null });
  const addItem = (item: ResponseOutputItem) => {
    output.push(item);
    return emit('response.output_item.added', {
      output_index: output.length - 1,
      item: structuredClone(item),
    });
  };
  const textPart = (text: string) => ({ type: 'output_text' as const, text, annotations: [], logprobs: [] });

  async function startBlock(
    index: number,
    block: Extract<AnthropicStreamEvent, { type: 'content_block_start' }>['content_block'],
  ) {
    const events: ResponseStreamEvent[] = [];
    const outputIndex = output.length;
    if (block.type === 'text' || (block.type === 'tool_use' && block.name === context.jsonResponseTool)) {
      const itemId = `msg_${context.ids()}`;
      open.set(index, { kind: 'text', outputIndex, itemId, text: '' });
      events.push(
        addItem({ type: 'message', id: itemId, role: 'assistant', status: 'in_progress', content: [] }),
      );
      events.push(
        emit('response.content_part.added', {
          item_id: itemId,
          output_index: outputIndex,
          content_index: 0,
          part: textPart(''),
        }),
      );
      if (block.type === 'text' && block.text) events.push(...textDelta(index, block.text));
    } else if (block.type === 'tool_use') {
      const itemId = `${callTarget(context, block.name).kind === 'custom' ? 'ctc' : 'fc'}_${context.ids()}`;
      open.set(index, {
        kind: 'call',
        outputIndex,
        itemId,
        callId: block.id,
        flatName: block.name,
        json: '',
      });
      events.push(addItem(callItem(itemId, block.id, block.name, '', 'in_progress')));
    } else if (block.type === 'thinking') {
      const itemId = `rs_${context.ids()}`;
      open.set(index, {
        kind: 'thinking',
        outputIndex,
        itemId,
        thinking: '',
        signature: block.signature ?? '',
      });
      events.push(addItem({ type: 'reasoning', id: itemId, summary: [], status: 'in_progress' }));
      events.push(
        emit('response.reasoning_summary_part.added', {
          item_id: itemId,
          output_index: outputIndex,
          summary_index: 0,
          part: { type: 'summary_text', text: '' },
        }),
      );
      if (block.thinking) events.push(...thinkingDelta(index, block.thinking));
    } else if (block.type === 'redacted_thinking') {
      // Nothing streams for redacted thinking: the item is added and done at once.
      const item: ResponseOutputItem = {
        type: 'reasoning',
        id: `rs_${context.ids()}`,
        summary: [],
        encrypted_content: await context.sealer.seal(block),
        status: 'completed',
      };
      events.push(addItem(item), emit('response.output_item.done', { output_index: outputIndex, item }));
    }
    return events;
  }

  function callItem(
    itemId: string,
    callId: string,
    flatName: string,
    json: string,
    status: 'in_progress' | 'completed',
  ): ResponseOutputItem {
    const target = callTarget(context, flatName);
    const namespace = target.namespace ? { namespace: target.namespace } : {};
    if (target.kind === 'custom') {
      const input = status === 'completed' ? customInput(json) : '';
      return {
        type: 'custom_tool_call',
        id: itemId,
        call_id: callId,
        name: target.name,
        ...namespace,
        input,
        status,
      };
    }
    return {
      type: 'function_call',
      id: itemId,
      call_id: callId,
      name: target.name,
      ...namespace,
      arguments: json,
      status,
    };
  }

  function textDelta(index: number, delta: string): ResponseStreamEvent[] {
    const block = open.get(index);
    if (block?.kind !== 'text' || delta === '') return [];
    block.text += delta;
    return [
      emit('response.output_text.delta', {
        item_id: block.itemId,
        output_index: block.outputIndex,
        content_index: 0,
        delta,
        logprobs: [],
      }),
    ];
  }

  function thinkingDelta(index: number, delta: string): ResponseStreamEvent[] {
    const block = open.get(index);
    if (block?.kind !== 'thinking' || delta === '') return [];
    block.thinking += delta;
    return [
      emit('response.reasoning_summary_text.delta', {
        item_id: block.itemId,
        output_index: block.outputIndex,
        summary_index: 0,
        delta,
      }),
    ];
  }

  async function stopBlock(index: number): Promise<ResponseStreamEvent[]> {
    const block = open.get(index);
    open.delete(index);
    if (!block) return [];
    const at = { item_id: block.itemId, output_index: block.outputIndex };
    if (block.kind === 'text') {
      const item: ResponseOutputItem = {
        type: 'message',
        id: block.itemId,
        role: 'assistant',
        status: 'completed',
        content: [textPart(block.text)],
      };
      output[block.outputIndex] = item;
      return [
        emit('response.output_text.done', { ...at, content_index: 0, text: block.text, logprobs: [] }),
        emit('response.content_part.done', { ...at, content_index: 0, part: textPart(block.text) }),
        emit('response.output_item.done', { output_index: block.outputIndex, item }),
      ];
    }
    if (block.kind === 'call') {
      const json = block.json === '' ? '{}' : block.json;
      const item = callItem(block.itemId, block.callId, block.flatName, json, 'completed');
      output[block.outputIndex] = item;
      const done =
        item.type === 'custom_tool_call'
          ? [
              emit('response.custom_tool_call_input.delta', { ...at, delta: item.input }),
              emit('response.custom_tool_call_input.done', { ...at, input: item.input }),
            ]
          : [
              emit('response.function_call_arguments.done', {
                ...at,
                name: callTarget(context, block.flatName).name,
                arguments: json,
              }),
            ];
      return [...done, emit('response.output_item.done', { output_index: block.outputIndex, item })];
    }
    thinkingCharacters += block.thinking.length;
    const sealed = {
      encrypted_content: await context.sealer.seal({
        type: 'thinking',
        thinking: block.thinking,
        signature: block.signature,
      }),
    };
    const summary = block.thinking ? [{ type: 'summary_text' as const, text: block.thinking }] : [];
    const item: ResponseOutputItem = {
      type: 'reasoning',
      id: block.itemId,
      summary,
      ...sealed,
      status: 'completed',
    };
    output[block.outputIndex] = item;
    const part = { type: 'summary_text', text: block.thinking };
    return [
      emit('response.reasoning_summary_text.done', { ...at, summary_index: 0, text: block.thinking }),
      emit('response.reasoning_summary_part.done', { ...at, summary_index: 0, part }),
      emit('response.output_item.done', { output_index: block.outputIndex, item }),
    ];
  }

  function finish(): ResponseStreamEvent[] {
    const status = statusFromStopReason(stopReason);
    final = snapshot({ ...status, output, error: null, usage: mapResponsesUsage(usage, thinkingCharacters) });
    return [
      emit(status.status === 'incomplete' ? 'response.incomplete' : 'response.completed', {
        response: final,
      }),
    ];
  }

  return {
    start: () => [
      emit('response.created', { response: inProgress() }),
      emit('response.in_progress', { response: inProgress() }),
    ],
    async push(event) {
      if (final) return [];
      switch (event.type) {
        case 'message_start':
          usage = { ...event.message.usage };
          return [];
        case 'content_block_start':
          return startBlock(event.index, event.content_block);
        case 'content_block_delta': {
          const { delta } = event;
          if (delta.type === 'text_delta') return textDelta(event.index, delta.text);
          if (delta.type === 'thinking_delta') return thinkingDelta(event.index, delta.thinking);
          const block = open.get(event.index);
          if (delta.type === 'signature_delta' && block?.kind === 'thinking')
            block.signature += delta.signature;
          if (delta.type === 'input_json_delta') {
            if (block?.kind === 'text') return textDelta(event.index, delta.partial_json);
            if (block?.kind === 'call' && delta.partial_json !== '') {
              block.json += delta.partial_json;
              if (callTarget(context, block.flatName).kind === 'custom') return [];
              return [
                emit('response.function_call_arguments.delta', {
                  item_id: block.itemId,
                  output_index: block.outputIndex,
                  delta: delta.partial_json,
                }),
              ];
            }
          }
          return [];
        }
        case 'content_block_stop':
          return stopBlock(event.index);
        case 'message_delta':
          stopReason = event.delta.stop_reason ?? stopReason;
          for (const [key, value] of Object.entries(event.usage))
            if (value != null) (usage as Record<string, unknown>)[key] = value;
          return [];
        case 'message_stop':
          return finish();
        default:
          return [];
      }
    },
    fail(error) {
      if (final) return [];
      const code = error.status === 429 ? 'rate_limit_exceeded' : 'server_error';
      final = snapshot({
        status: 'failed',
        output,
        error: { code, message: error.message },
        incomplete_details: null,
      });
      return [
        emit('error', {
          code: error.code,
          message: error.message,
          param: error.param ?? null,
          error: {
            type: 'server_error',
            code: error.code,
            message: error.message,
            param: error.param ?? null,
          },
        }),
        emit('response.failed', { response: final }),
      ];
    },
    result: () => final,
  };
}

/** A custom tool's raw input, from the one-string tool input the upstream filled in. */
function customInput(json: string): string {
  try {
    const parsed = JSON.parse(json) as { input?: unknown };
    return typeof parsed.input === 'string' ? parsed.input : json;
  } catch {
    return json;
  }
}
