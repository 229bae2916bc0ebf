export type { ResponseContext } from './build-response-object';
export { convertAnthropicMessageToResponse } from './convert-anthropic-message-to-response';
export {
  type ConvertedResponsesRequest,
  convertResponsesRequestToAnthropic,
  type ThinkingCapability,
} from './convert-responses-request-to-anthropic';
export { createAnthropicToResponsesEvents } from './create-anthropic-to-responses-events';
export type { ToolOrigin } from './flatten-responses-tools';
export {
  type HandleResponsesCallInput,
  handleResponsesCall,
  type ResponsesCapability,
  type SendResult,
} from './handle-responses-call';
export { handleDeleteResponse, handleGetResponse, includeFromUrl } from './handle-stored-responses';
export {
  type ParsedResponsesRequest,
  parseResponsesRequest,
  type ResponsesInputItem,
} from './parse-responses-request';
export { createReasoningSealer, type ReasoningSealer } from './reasoning-sealing';
export { createMemoryResponsesStore, type ResponsesStore, type StoredResponse } from './responses-store';
export type * from './responses-types';
