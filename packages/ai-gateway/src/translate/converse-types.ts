/**
 * Bedrock Converse / ConverseStream wire shapes (JSON body of the REST call), the subset the gateway
 * writes and reads. https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 * and the service model (`bedrock-runtime` service-2.json: ContentBlock, ToolConfiguration, TokenUsage).
 */

export type ConverseImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';
/** Blobs are base64 strings in the JSON protocol. */
export type ConverseImageBlock = { format: ConverseImageFormat; source: { bytes: string } };

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_DocumentBlock.html */
export type ConverseDocumentBlock = {
  format: 'pdf' | 'csv' | 'doc' | 'docx' | 'xls' | 'xlsx' | 'html' | 'txt' | 'md';
  name: string;
  source: { bytes: string };
  citations?: { enabled: boolean };
};

export type ConverseToolResultContent =
  | { text: string }
  | { json: unknown }
  | { image: ConverseImageBlock }
  | { document: ConverseDocumentBlock };

export type ConverseCachePoint = { cachePoint: { type: 'default' } };

export type ConverseContentBlock =
  | { text: string }
  | { image: ConverseImageBlock }
  | { document: ConverseDocumentBlock }
  | { toolUse: { toolUseId: string; name: string; input: unknown } }
  | {
      toolResult: {
        toolUseId: string;
        content: ConverseToolResultContent[];
        status?: 'success' | 'error';
      };
    }
  | {
      reasoningContent: { reasoningText: { text: string; signature?: string } } | { redactedContent: string };
    }
  | ConverseCachePoint;

export type ConverseMessage = { role: 'user' | 'assistant'; content: ConverseContentBlock[] };

export type ConverseTool = {
  toolSpec: { name: string; description?: string; inputSchema: { json: unknown } };
};

export type ConverseToolChoice =
  | { auto: Record<string, never> }
  | { any: Record<string, never> }
  | { tool: { name: string } };

export type ConverseRequest = {
  messages: ConverseMessage[];
  system?: Array<{ text: string } | ConverseCachePoint>;
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number; stopSequences?: string[] };
  toolConfig?: { tools: Array<ConverseTool | ConverseCachePoint>; toolChoice?: ConverseToolChoice };
  additionalModelRequestFields?: Record<string, unknown>;
};

export type ConverseStopReason =
  | 'end_turn'
  | 'tool_use'
  | 'max_tokens'
  | 'stop_sequence'
  | 'guardrail_intervened'
  | 'content_filtered'
  | 'malformed_model_output'
  | 'malformed_tool_use'
  | 'model_context_window_exceeded';

export type ConverseUsage = {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
};

export type ConverseResponse = {
  output: { message?: ConverseMessage };
  stopReason: ConverseStopReason | string;
  usage: ConverseUsage;
  metrics?: { latencyMs?: number };
  additionalModelResponseFields?: Record<string, unknown>;
};

/** ConverseStream event payloads, keyed by the `:event-type` header of each frame. */
export type ConverseStreamEvents = {
  messageStart: { role: 'assistant' };
  contentBlockStart: {
    contentBlockIndex: number;
    start: { toolUse?: { toolUseId: string; name: string } };
  };
  contentBlockDelta: {
    contentBlockIndex: number;
    delta: {
      text?: string;
      toolUse?: { input: string };
      reasoningContent?: { text?: string; signature?: string; redactedContent?: string };
    };
  };
  contentBlockStop: { contentBlockIndex: number };
  messageStop: { stopReason: ConverseStopReason | string; additionalModelResponseFields?: unknown };
  metadata: { usage?: ConverseUsage; metrics?: { latencyMs?: number } };
};
