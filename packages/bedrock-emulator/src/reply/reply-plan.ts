import { createHash } from 'node:crypto';
import { signThinking, thinkingText } from './thinking-signature';

/** What every face extracts from its own request format before answering. */
export type ConversationSummary = {
  /** Text of the last user turn (empty when it only held tool results). */
  lastUserText: string;
  /** Set when the last turn carries a tool result: the result's text. */
  lastToolResult?: string;
  /** Tools offered by the request, in order. */
  tools: ToolSummary[];
  /** The raw request body, used for deterministic ids and token counts. */
  rawBody: string;
  /** The request turned thinking on (`thinking.type` enabled or adaptive, or Converse's equivalent). */
  thinking?: boolean;
};

export type ToolSummary = {
  name: string;
  /** JSON Schema of the tool input, when given. */
  inputSchema?: unknown;
};

export type ReplyUsage = {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
};

export type TextReply = { kind: 'text'; text: string; chunks: string[] };
export type ToolReply = {
  kind: 'tool';
  toolName: string;
  toolInput: Record<string, unknown>;
  /** `JSON.stringify(toolInput)` split into a few pieces for streaming. */
  argumentChunks: string[];
};

/** A thinking block that precedes the answer, signed like Claude's (see thinking-signature.ts). */
export type ThinkingReply = { text: string; signature: string };

export type ReplyPlan = (TextReply | ToolReply) & {
  usage: ReplyUsage;
  thinking?: ThinkingReply;
  /** 24 characters derived from the request body: stable ids for identical requests. */
  idSeed: string;
};

export type PlanOptions = {
  /** long-stream scenario: answer with this many one-word deltas. */
  longStreamDeltas?: number;
  /** Remembers cached prompt prefixes, so a repeated prefix reads from cache instead of writing it. */
  promptCache: Set<string>;
  /** use-tool scenario: which tool to call (none without a name), and with what input. */
  toolPolicy?: { toolName?: string; toolInput?: Record<string, unknown> } | undefined;
};

const CACHE_MARKERS = ['"cache_control"', '"cachePoint"'];

/** The emulator's one token rule: a token per 4 characters, at least 1. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Splits after each space so the concatenation of the chunks is exactly the text. */
export function splitIntoWords(text: string): string[] {
  return text.split(/(?<= )/).filter((word) => word !== '');
}

function splitInPieces(text: string, pieces: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / pieces));
  const parts: string[] = [];
  for (let start = 0; start < text.length; start += size) parts.push(text.slice(start, start + size));
  return parts;
}

/** A small deterministic input object that follows the tool's schema when it has simple properties. */
export function buildToolInput(tool: ToolSummary, userText: string): Record<string, unknown> {
  const schema = tool.inputSchema as { properties?: Record<string, { type?: unknown }> } | undefined;
  const properties = schema?.properties && typeof schema.properties === 'object' ? schema.properties : {};
  const input: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    const type = property?.type;
    if (type === 'number' || type === 'integer') input[name] = 42;
    else if (type === 'boolean') input[name] = true;
    else if (type === 'string' || type === undefined) input[name] = userText.slice(0, 80);
  }
  if (Object.keys(input).length === 0) input.query = userText.slice(0, 80);
  return input;
}

function measureUsage(rawBody: string, outputTokens: number, promptCache: Set<string>): ReplyUsage {
  const lastMarker = Math.max(...CACHE_MARKERS.map((marker) => rawBody.lastIndexOf(marker)));
  const total = estimateTokens(rawBody);
  if (lastMarker <= 0) return { inputTokens: total, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0 };
  const prefix = rawBody.slice(0, lastMarker);
  const cached = Math.min(total - 1, estimateTokens(prefix));
  const key = createHash('sha256').update(prefix).digest('hex');
  const alreadyCached = promptCache.has(key);
  promptCache.add(key);
  return {
    inputTokens: total - cached,
    outputTokens,
    cacheReadTokens: alreadyCached ? cached : 0,
    cacheWriteTokens: alreadyCached ? 0 : cached,
  };
}

/**
 * The emulator's whole "model": a tool call when tools are offered and the user just spoke, a text
 * that quotes the tool result when one arrives, otherwise an echo of the last user text.
 */
export function planReply(summary: ConversationSummary, options: PlanOptions): ReplyPlan {
  const idSeed = createHash('sha256').update(summary.rawBody).digest('hex').slice(0, 24);
  const thinking = planThinking(summary);
  const thinkingTokens = thinking ? estimateTokens(thinking.text) : 0;
  const policy = options.toolPolicy;
  const firstTool =
    policy === undefined ? summary.tools[0] : summary.tools.find((tool) => tool.name === policy.toolName);
  if (firstTool && summary.lastToolResult === undefined) {
    const toolInput = policy?.toolInput ?? buildToolInput(firstTool, summary.lastUserText);
    const json = JSON.stringify(toolInput);
    return {
      kind: 'tool',
      toolName: firstTool.name,
      toolInput,
      argumentChunks: splitInPieces(json, 3),
      usage: measureUsage(summary.rawBody, estimateTokens(json) + thinkingTokens, options.promptCache),
      idSeed,
      thinking,
    };
  }
  let text: string;
  if (options.longStreamDeltas !== undefined) {
    text = Array.from({ length: options.longStreamDeltas }, (_, index) => `w${index}`).join(' ');
  } else if (summary.lastToolResult !== undefined) {
    text = `The tool returned: ${summary.lastToolResult}`;
  } else {
    text = `Hello from the emulator. You said: ${summary.lastUserText}`;
  }
  const chunks = splitIntoWords(text);
  return {
    kind: 'text',
    text,
    chunks,
    usage: measureUsage(summary.rawBody, chunks.length + thinkingTokens, options.promptCache),
    idSeed,
    thinking,
  };
}

function planThinking(summary: ConversationSummary): ThinkingReply | undefined {
  if (!summary.thinking) return undefined;
  const text = thinkingText(summary.lastUserText, summary.lastToolResult);
  return { text, signature: signThinking(text) };
}
