import type { AnthropicMessage } from '../../translate/anthropic-types';
import { parseUpstreamAnswer } from '../../upstream-answers/parse-upstream-answer';
import { AnthropicMessageAnswerSchema } from '../../upstream-answers/upstream-answer-schemas';
import { usageWithHeaderFallback } from '../../upstream-answers/usage-with-header-fallback';
import type { DecodeContext } from '../types';

/** An Anthropic Messages answer (the Anthropic API, or Claude's invoke body on Bedrock), checked. */
export function decodeAnthropicMessage(json: unknown, context: DecodeContext): AnthropicMessage {
  const answer = parseUpstreamAnswer(AnthropicMessageAnswerSchema, json, context.label);
  return {
    ...(answer as unknown as AnthropicMessage),
    id: answer.id ?? context.messageId,
    type: 'message',
    role: 'assistant',
    model: typeof answer.model === 'string' ? answer.model : context.model,
    stop_sequence: answer.stop_sequence ?? null,
    usage: usageWithHeaderFallback(answer.usage, context.headers),
  };
}
