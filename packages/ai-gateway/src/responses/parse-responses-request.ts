import { z } from 'zod';
import type { GatewayLogger } from '../gateway-deps';
import { zodErrorToGatewayError } from '../translate/zod-error-to-gateway-error';

/**
 * `POST /v1/responses` request bodies (https://platform.openai.com/docs/api-reference/responses/create),
 * validated where the gateway reads them and loose elsewhere, so a newer client is not refused by an
 * older schema. Fields that change nothing for a translated upstream (`prompt_cache_key`,
 * `client_metadata`, `safety_identifier`, `service_tier`, `truncation`, ...) pass as unknown keys.
 */

const InputTextPartSchema = z.looseObject({ type: z.literal('input_text'), text: z.string() });
const InputImagePartSchema = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.string().nullish(),
});
const InputFilePartSchema = z.looseObject({
  type: z.literal('input_file'),
  file_data: z.string().nullish(),
  file_url: z.string().nullish(),
  file_id: z.string().nullish(),
  filename: z.string().nullish(),
});
const OutputTextPartSchema = z.looseObject({ type: z.literal('output_text'), text: z.string() });
const RefusalPartSchema = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

const ContentPartSchema = z.discriminatedUnion('type', [
  InputTextPartSchema,
  InputImagePartSchema,
  InputFilePartSchema,
  OutputTextPartSchema,
  RefusalPartSchema,
]);
export type ResponsesContentPart = z.infer<typeof ContentPartSchema>;

const MessageItemSchema = z.looseObject({
  type: z.literal('message').optional(),
  id: z.string().nullish(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(ContentPartSchema)]),
});
const FunctionCallItemSchema = z.looseObject({
  type: z.literal('function_call'),
  id: z.string().nullish(),
  call_id: z.string().min(1),
  name: z.string().min(1),
  namespace: z.string().nullish(),
  arguments: z.string(),
});
const ToolOutputSchema = z.union([
  z.string(),
  z.array(z.discriminatedUnion('type', [InputTextPartSchema, InputImagePartSchema, InputFilePartSchema])),
]);
const FunctionCallOutputItemSchema = z.looseObject({
  type: z.literal('function_call_output'),
  id: z.string().nullish(),
  call_id: z.string().min(1),
  output: ToolOutputSchema,
});
const CustomToolCallItemSchema = z.looseObject({
  type: z.literal('custom_tool_call'),
  id: z.string().nullish(),
  call_id: z.string().min(1),
  name: z.string().min(1),
  namespace: z.string().nullish(),
  input: z.string(),
});
const CustomToolCallOutputItemSchema = z.looseObject({
  type: z.literal('custom_tool_call_output'),
  id: z.string().nullish(),
  call_id: z.string().min(1),
  output: ToolOutputSchema,
});
const ReasoningItemSchema = z.looseObject({
  type: z.literal('reasoning'),
  id: z.string().nullish(),
  summary: z.array(z.looseObject({ type: z.string(), text: z.string() })).optional(),
  encrypted_content: z.string().nullish(),
});

const KNOWN_ITEM_SCHEMAS = {
  message: MessageItemSchema,
  function_call: FunctionCallItemSchema,
  function_call_output: FunctionCallOutputItemSchema,
  custom_tool_call: CustomToolCallItemSchema,
  custom_tool_call_output: CustomToolCallOutputItemSchema,
  reasoning: ReasoningItemSchema,
} as const;

export type MessageItem = z.infer<typeof MessageItemSchema>;
export type ResponsesInputItem =
  | MessageItem
  | z.infer<typeof FunctionCallItemSchema>
  | z.infer<typeof FunctionCallOutputItemSchema>
  | z.infer<typeof CustomToolCallItemSchema>
  | z.infer<typeof CustomToolCallOutputItemSchema>
  | z.infer<typeof ReasoningItemSchema>;

const FunctionToolSchema = z.looseObject({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});
const CustomToolSchema = z.looseObject({
  type: z.literal('custom'),
  name: z.string().min(1),
  description: z.string().nullish(),
  format: z.unknown().optional(),
});
const NamespaceToolSchema = z.looseObject({
  type: z.literal('namespace'),
  name: z.string().min(1),
  description: z.string().nullish(),
  tools: z.array(z.discriminatedUnion('type', [FunctionToolSchema, CustomToolSchema])).min(1),
});
/** Tools OpenAI runs itself (web_search, file_search, code_interpreter, mcp, ...): kept for the drop rule. */
const HostedToolSchema = z.looseObject({ type: z.string().min(1) });

export type FunctionTool = z.infer<typeof FunctionToolSchema>;
export type CustomTool = z.infer<typeof CustomToolSchema>;
export type NamespaceTool = z.infer<typeof NamespaceToolSchema>;
export type ResponsesTool =
  | FunctionTool
  | CustomTool
  | NamespaceTool
  | { type: string; [key: string]: unknown };

const TOOL_SCHEMAS: Record<string, z.ZodType> = {
  function: FunctionToolSchema,
  custom: CustomToolSchema,
  namespace: NamespaceToolSchema,
};

const ToolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), name: z.string(), namespace: z.string().nullish() }),
  z.looseObject({ type: z.literal('custom'), name: z.string(), namespace: z.string().nullish() }),
  z.looseObject({
    type: z.literal('allowed_tools'),
    mode: z.enum(['auto', 'required']),
    tools: z.array(z.looseObject({ type: z.string() })),
  }),
  z.looseObject({ type: z.string() }),
]);
export type ResponsesToolChoice = z.infer<typeof ToolChoiceSchema>;

const TextFormatSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    name: z.string().min(1).max(64),
    schema: z.record(z.string(), z.unknown()),
    description: z.string().nullish(),
    strict: z.boolean().nullish(),
  }),
]);
export type ResponsesTextFormat = z.infer<typeof TextFormatSchema>;

const RequestFieldsSchema = z.looseObject({
  model: z.string().min(1),
  instructions: z.string().nullish(),
  tool_choice: ToolChoiceSchema.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  text: z.looseObject({ format: TextFormatSchema.optional() }).nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  reasoning: z
    .looseObject({
      effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullish(),
      summary: z.enum(['auto', 'concise', 'detailed']).nullish(),
    })
    .nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  user: z.string().nullish(),
  store: z.boolean().nullish(),
  previous_response_id: z.string().min(1).nullish(),
  include: z.array(z.string()).nullish(),
  stream: z.boolean().nullish(),
  background: z.boolean().nullish(),
  /** Read where the upstream caches: a cache point after the system prompt. */
  prompt_cache_key: z.string().nullish(),
});

export const ResponsesRequestSchema = RequestFieldsSchema.extend({
  input: z.union([z.string(), z.array(z.looseObject({ type: z.string().optional() }))]).optional(),
  tools: z.array(HostedToolSchema).nullish(),
});

export type ParsedResponsesRequest = z.infer<typeof RequestFieldsSchema> & {
  /** Always a list: a string `input` is one user message. Unknown item types are left out. */
  input: ResponsesInputItem[];
  tools: ResponsesTool[];
  /** The caller's flag, captured before any transform. */
  stream: boolean;
};

/**
 * Validates a caller's body. Item types the gateway cannot translate (another service's
 * `compaction` items, `item_reference`, hosted-tool call records) are left out with a debug line
 * rather than refused, as a stateless client replays whatever it was given. Throws GatewayError 400
 * with `param` for a malformed known item or field.
 */
export function parseResponsesRequest(json: unknown, logger?: GatewayLogger): ParsedResponsesRequest {
  const result = ResponsesRequestSchema.safeParse(json);
  if (!result.success) throw zodErrorToGatewayError(result.error);
  const { input, tools, ...rest } = result.data;

  const items: ResponsesInputItem[] = [];
  if (typeof input === 'string') {
    items.push({ role: 'user', content: input });
  } else {
    for (const [index, raw] of (input ?? []).entries()) {
      const type = (raw.type ?? 'message') as keyof typeof KNOWN_ITEM_SCHEMAS;
      const schema = KNOWN_ITEM_SCHEMAS[type];
      if (!schema) {
        logger?.debug?.({ param: `input[${index}]`, itemType: raw.type }, 'responses: input item left out');
        continue;
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw prefixed(parsed.error, ['input', index]);
      items.push(parsed.data as ResponsesInputItem);
    }
  }
  const checkedTools = (tools ?? []).map((tool, index) => {
    const schema = TOOL_SCHEMAS[tool.type];
    if (!schema) return tool;
    const parsed = schema.safeParse(tool);
    if (!parsed.success) throw prefixed(parsed.error, ['tools', index]);
    return parsed.data as ResponsesTool;
  });
  return { ...rest, input: items, tools: checkedTools, stream: rest.stream === true };
}

/** The error of one item parsed on its own, with the item's place in the body in front of its paths. */
function prefixed(error: z.ZodError, prefix: PropertyKey[]) {
  return zodErrorToGatewayError(
    Object.assign(error, {
      issues: error.issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] })),
    }),
  );
}
