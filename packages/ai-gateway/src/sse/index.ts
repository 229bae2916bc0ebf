export {
  encodeAnthropicSse,
  encodeOpenAiStreamError,
  encodeSseData,
  encodeSseEvent,
  OPENAI_DONE,
} from './encode-sse';
export {
  DEFAULT_MAX_UPSTREAM_EVENT_BYTES,
  type ParseSseOptions,
  parseSse,
  parseSseParts,
  type SseFramingError,
  type SseMessage,
  type SsePart,
} from './parse-sse';
