/**
 * The Responses API shapes the gateway writes (`Response`, its output items and stream events), as
 * published in https://github.com/openai/openai-openapi (vendored subset in `__fixtures__/`, which
 * the tests validate every answer against). Only the variants the gateway produces are typed.
 */

export type OutputTextPart = {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs: unknown[];
};

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

export type OutputMessageItem = {
  type: 'message';
  id: string;
  role: 'assistant';
  status: ItemStatus;
  content: OutputTextPart[];
};

export type FunctionCallItem = {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  /** Set when the tool came from a `namespace` tool. */
  namespace?: string;
  arguments: string;
  status: ItemStatus;
};

export type CustomToolCallItem = {
  type: 'custom_tool_call';
  id: string;
  call_id: string;
  name: string;
  namespace?: string;
  input: string;
  status?: ItemStatus;
};

export type SummaryTextPart = { type: 'summary_text'; text: string };

export type ReasoningOutputItem = {
  type: 'reasoning';
  id: string;
  summary: SummaryTextPart[];
  encrypted_content?: string | null;
  status?: ItemStatus;
};

export type ResponseOutputItem =
  | OutputMessageItem
  | FunctionCallItem
  | CustomToolCallItem
  | ReasoningOutputItem;

export type ResponseUsage = {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
};

export type ResponseStatus = 'completed' | 'failed' | 'in_progress' | 'incomplete';

export type ResponseObject = {
  id: string;
  object: 'response';
  created_at: number;
  completed_at: number | null;
  status: ResponseStatus;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  instructions: string | null;
  model: string;
  output: ResponseOutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  reasoning: { effort: string | null; summary: string | null };
  store: boolean;
  temperature: number | null;
  top_p: number | null;
  max_output_tokens: number | null;
  text: { format: Record<string, unknown> };
  tool_choice: unknown;
  tools: unknown[];
  truncation: 'auto' | 'disabled';
  usage?: ResponseUsage;
  user?: string;
  metadata: Record<string, string>;
};

/** One streamed event; `sequence_number` is added by the encoder in emission order. */
export type ResponseStreamEvent = { type: string; sequence_number: number } & Record<string, unknown>;
