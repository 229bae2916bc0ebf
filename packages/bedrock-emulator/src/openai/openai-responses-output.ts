import type { ConversationSummary, ReplyPlan, ToolSummary } from '../reply/reply-plan';

/**
 * The Responses API's answers for a reply plan: a `Response` object and its event stream, with
 * the fields OpenAI's published schema requires
 * (https://platform.openai.com/docs/api-reference/responses/object and
 * https://platform.openai.com/docs/api-reference/responses-streaming).
 */
const CREATED = 1_700_000_000;

type Item = Record<string, unknown>;

/** Reduces a Responses request: the last user text or tool output, and the function tools. */
export function summarizeResponsesRequest(
  body: Record<string, unknown>,
  rawBody: string,
): ConversationSummary {
  const input = body.input;
  const items: { type?: unknown; role?: unknown; content?: unknown; output?: unknown }[] =
    typeof input === 'string' ? [{ role: 'user', content: input }] : Array.isArray(input) ? input : [];
  const last = items.at(-1);
  const tools: ToolSummary[] = Array.isArray(body.tools)
    ? (body.tools as { type?: unknown; name?: unknown; parameters?: unknown }[])
        .filter((tool) => tool?.type === 'function' && typeof tool.name === 'string')
        .map((tool) => ({ name: tool.name as string, inputSchema: tool.parameters }))
    : [];
  const isToolResult = last?.type === 'function_call_output';
  return {
    lastUserText: isToolResult ? '' : contentText(last?.content),
    ...(isToolResult ? { lastToolResult: contentText(last?.output) } : {}),
    tools,
    rawBody,
  };
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as { type?: unknown; text?: unknown }[])
    .map((part) => (typeof part?.text === 'string' ? part.text : ''))
    .filter((text) => text !== '')
    .join('\n');
}

function usageOf(plan: ReplyPlan) {
  const cached = plan.usage.cacheReadTokens;
  const input = plan.usage.inputTokens + cached + plan.usage.cacheWriteTokens;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: cached, cache_write_tokens: plan.usage.cacheWriteTokens },
    output_tokens: plan.usage.outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + plan.usage.outputTokens,
  };
}

const textPart = (text: string) => ({ type: 'output_text', text, annotations: [], logprobs: [] });

function outputItem(plan: ReplyPlan, status: 'in_progress' | 'completed'): Item {
  const done = status === 'completed';
  if (plan.kind === 'text') {
    return {
      type: 'message',
      id: `msg_${plan.idSeed}`,
      role: 'assistant',
      status,
      content: done ? [textPart(plan.text)] : [],
    };
  }
  return {
    type: 'function_call',
    id: `fc_${plan.idSeed}`,
    call_id: `call_${plan.idSeed}`,
    name: plan.toolName,
    arguments: done ? JSON.stringify(plan.toolInput) : '',
    status,
  };
}

/** The `Response` object, echoing the request's settings as OpenAI does. */
export function buildResponse(
  plan: ReplyPlan,
  body: Record<string, unknown>,
  model: string,
  status: 'in_progress' | 'completed',
): Item {
  const done = status === 'completed';
  const tools = Array.isArray(body.tools) ? (body.tools as Item[]) : [];
  return {
    id: `resp_${plan.idSeed}`,
    object: 'response',
    created_at: CREATED,
    completed_at: done ? CREATED + 1 : null,
    status,
    error: null,
    incomplete_details: null,
    instructions: typeof body.instructions === 'string' ? body.instructions : null,
    max_output_tokens: typeof body.max_output_tokens === 'number' ? body.max_output_tokens : null,
    model,
    output: done ? [outputItem(plan, 'completed')] : [],
    parallel_tool_calls: body.parallel_tool_calls !== false,
    previous_response_id: typeof body.previous_response_id === 'string' ? body.previous_response_id : null,
    reasoning: { effort: null, summary: null },
    store: body.store !== false,
    temperature: typeof body.temperature === 'number' ? body.temperature : 1,
    top_p: typeof body.top_p === 'number' ? body.top_p : 1,
    text: { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: tools.map((tool) =>
      tool.type === 'function' ? { description: null, parameters: null, strict: null, ...tool } : tool,
    ),
    truncation: 'disabled',
    metadata: {},
    ...(done ? { usage: usageOf(plan) } : {}),
  };
}

/** The event stream of one answer, in OpenAI's order, each with its `sequence_number`. */
export function buildResponseEvents(plan: ReplyPlan, body: Record<string, unknown>, model: string): Item[] {
  const events: Item[] = [];
  const emit = (type: string, fields: Item) =>
    events.push({ type, sequence_number: events.length, ...fields });
  const inProgress = buildResponse(plan, body, model, 'in_progress');
  emit('response.created', { response: inProgress });
  emit('response.in_progress', { response: inProgress });
  const at = { output_index: 0, item_id: outputItem(plan, 'completed').id };
  emit('response.output_item.added', { output_index: 0, item: outputItem(plan, 'in_progress') });
  if (plan.kind === 'text') {
    emit('response.content_part.added', { ...at, content_index: 0, part: textPart('') });
    for (const delta of plan.chunks)
      emit('response.output_text.delta', { ...at, content_index: 0, delta, logprobs: [] });
    emit('response.output_text.done', { ...at, content_index: 0, text: plan.text, logprobs: [] });
    emit('response.content_part.done', { ...at, content_index: 0, part: textPart(plan.text) });
  } else {
    for (const delta of plan.argumentChunks) emit('response.function_call_arguments.delta', { ...at, delta });
    emit('response.function_call_arguments.done', {
      ...at,
      name: plan.toolName,
      arguments: JSON.stringify(plan.toolInput),
    });
  }
  emit('response.output_item.done', { output_index: 0, item: outputItem(plan, 'completed') });
  emit('response.completed', { response: buildResponse(plan, body, model, 'completed') });
  return events;
}
