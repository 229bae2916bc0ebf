import { GatewayError, isGatewayError, toGatewayError } from '../errors/gateway-error';
import { encodeOpenAiStreamError } from '../sse';
import { mapOpenAiUsageToAnthropic } from '../translate/map-usage';
import type { OpenAiUsage } from '../translate/openai-types';
import { type TokenUsage, toTokenUsage } from '../usage/usage-record';
import type { StreamOutcome } from './respond-with-stream';
import { sseResponse } from './sse-response';

export type RelayOpenAiStreamInput = {
  chunks: AsyncGenerator<Uint8Array>;
  headers: Headers;
  upstreamAbort: AbortController;
  label: string;
  onUsage: (usage: TokenUsage) => void;
  onFirstByte: () => void;
  /**
   * The gateway asked the upstream for a usage chunk the caller did not ask for (so accounting
   * is never 0): drop that chunk on the way out.
   */
  dropUsageChunk: boolean;
  onEnd: (outcome: StreamOutcome) => void;
};

const encoder = new TextEncoder();

/**
 * OpenAI-compatible upstream to an OpenAI caller: the bytes are relayed as they arrive, untouched
 * (no JSON round trip per chunk). A light line scanner watches them for the usage chunk and
 * `[DONE]`; a stream that breaks or ends without `[DONE]` gets a final error event instead.
 */
export function relayOpenAiStream(input: RelayOpenAiStreamInput): Response {
  const { chunks, upstreamAbort, onEnd } = input;
  const scanner = createSseLineScanner(input.onUsage);
  const usageFilter = input.dropUsageChunk ? createUsageChunkFilter() : undefined;
  let finished = false;
  let firstByte = true;
  const finish = (outcome: StreamOutcome) => {
    if (finished) return;
    finished = true;
    onEnd(outcome);
  };
  const failWith = (controller: ReadableStreamDefaultController<Uint8Array>, error: GatewayError) => {
    controller.enqueue(encoder.encode(encodeOpenAiStreamError(error)));
    controller.close();
    finish({ error, cancelled: false });
  };

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let result: IteratorResult<Uint8Array>;
      try {
        result = await chunks.next();
      } catch (error) {
        failWith(controller, isGatewayError(error) ? error : toGatewayError(error));
        return;
      }
      if (result.done) {
        const rest = usageFilter?.flush();
        if (rest && rest.byteLength > 0) controller.enqueue(rest);
        if (scanner.sawDone()) {
          controller.close();
          finish({ error: undefined, cancelled: false });
        } else {
          failWith(
            controller,
            new GatewayError({
              code: 'upstream_stream_error',
              status: 502,
              message: `The upstream of "${input.label}" ended the stream before [DONE].`,
            }),
          );
        }
        return;
      }
      if (firstByte) {
        firstByte = false;
        input.onFirstByte();
      }
      scanner.push(result.value);
      const outgoing = usageFilter ? usageFilter.push(result.value) : result.value;
      if (outgoing.byteLength > 0) controller.enqueue(outgoing);
    },
    async cancel() {
      upstreamAbort.abort();
      finish({ error: undefined, cancelled: true });
      await chunks.return(undefined);
    },
  });
  return sseResponse(body, input.headers);
}

/**
 * Removes the usage-only event (`"choices":[]` with `"usage"`) from the byte stream. Works on whole
 * events, so it holds back at most one partial event between chunks.
 */
function createUsageChunkFilter() {
  const decoder = new TextDecoder();
  let pending = '';
  const push = (bytes: Uint8Array): Uint8Array => {
    pending += decoder.decode(bytes, { stream: true });
    const lastBoundary = pending.lastIndexOf('\n\n');
    if (lastBoundary === -1) return new Uint8Array(0);
    const complete = pending.slice(0, lastBoundary + 2);
    pending = pending.slice(lastBoundary + 2);
    const kept = complete
      .split(/(?<=\n\n)/)
      .filter((event) => !(event.includes('"usage"') && /"choices"\s*:\s*\[\s*\]/.test(event)))
      .join('');
    return encoder.encode(kept);
  };
  /** Whatever is held back when the upstream ends without a final blank line. */
  const flush = (): Uint8Array => {
    const rest = pending + decoder.decode();
    pending = '';
    return encoder.encode(rest);
  };
  return { push, flush };
}

/** Finds `data: [DONE]` and chunks carrying `usage` without parsing every chunk. */
function createSseLineScanner(onUsage: (usage: TokenUsage) => void) {
  const decoder = new TextDecoder();
  let carry = '';
  let done = false;
  return {
    push(bytes: Uint8Array) {
      const text = carry + decoder.decode(bytes, { stream: true });
      const lastBreak = text.lastIndexOf('\n');
      if (lastBreak === -1) {
        carry = text;
        return;
      }
      carry = text.slice(lastBreak + 1);
      for (const line of text.slice(0, lastBreak).split('\n')) {
        if (!line.startsWith('data:')) continue;
        const data = line.slice(5).trim();
        if (data === '[DONE]') done = true;
        else if (data.includes('"usage"')) readUsage(data, onUsage);
      }
    },
    sawDone: () => done,
  };
}

function readUsage(data: string, onUsage: (usage: TokenUsage) => void): void {
  try {
    const usage = (JSON.parse(data) as { usage?: OpenAiUsage | null }).usage;
    if (usage) onUsage(toTokenUsage(mapOpenAiUsageToAnthropic(usage)));
  } catch {
    // Not our business to validate the upstream's chunks; the caller gets them as they are.
  }
}
