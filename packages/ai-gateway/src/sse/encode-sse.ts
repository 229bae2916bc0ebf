import type { GatewayError } from '../errors/gateway-error';
import { toOpenAiErrorBody } from '../errors/render-openai-error';
import type { AnthropicStreamEvent } from '../translate/anthropic-types';

/**
 * One server-sent event. Multi-line data is split into several `data:` lines, which a parser joins
 * back with \n (https://html.spec.whatwg.org/multipage/server-sent-events.html).
 */
export function encodeSseEvent(event: string | undefined, data: string): string {
  const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}\n`);
  return `${event === undefined ? '' : `event: ${event}\n`}${lines.join('')}\n`;
}

/** `data: <json>\n\n`, the OpenAI streaming framing. */
export function encodeSseData(json: unknown): string {
  return `data: ${JSON.stringify(json)}\n\n`;
}

/** `event: <type>\ndata: <json>\n\n`, the Anthropic streaming framing. */
export function encodeAnthropicSse(event: AnthropicStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** The end of a successful OpenAI stream. */
export const OPENAI_DONE = 'data: [DONE]\n\n';

/**
 * The last event of an OpenAI stream whose upstream failed mid-way. The stream then closes without
 * `[DONE]`, which makes the openai SDKs raise rather than return a truncated answer.
 */
export function encodeOpenAiStreamError(error: GatewayError): string {
  return encodeSseData(toOpenAiErrorBody(error));
}
