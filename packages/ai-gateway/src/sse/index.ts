export {
  encodeAnthropicSse,
  encodeOpenAiStreamError,
  encodeSseData,
  encodeSseEvent,
  OPENAI_DONE,
} from './encode-sse';
export { parseSse, type SseMessage } from './parse-sse';
