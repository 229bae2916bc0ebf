import { GatewayError, isGatewayError, toGatewayError } from '../errors/gateway-error';
import { DEFAULT_MAX_UPSTREAM_EVENT_BYTES, encodeOpenAiStreamError } from '../sse';
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
  /** Longest line or event the scanners hold while waiting for its end (default 8 MB): past it, 502. */
  maxEventBytes?: number;
};

const encoder = new TextEncoder();

/**
 * OpenAI-compatible upstream to an OpenAI caller: the bytes are relayed as they arrive, untouched
 * (no JSON round trip per chunk). A light line scanner watches them for the usage chunk and
 * `[DONE]`; a stream that breaks or ends without `[DONE]` gets a final error event instead.
 */
export function relayOpenAiStream(input: RelayOpenAiStreamInput): Response {
  const { chunks, upstreamAbort, onEnd } = input;
  const maxEvent = input.maxEventBytes ?? DEFAULT_MAX_UPSTREAM_EVENT_BYTES;
  const scanner = createSseLineScanner(input.onUsage, maxEvent);
  const usageFilter = input.dropUsageChunk ? createUsageChunkFilter(maxEvent) : undefined;
  const oversized = () =>
    new GatewayError({
      code: 'upstream_stream_error',
      status: 502,
      message: `The upstream of "${input.label}" sent an event larger than ${maxEvent} bytes; the stream was stopped.`,
    });
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
      // Loop until something is enqueued or the stream ends: a pull that returns without enqueuing
      // is not called again while a read waits (WHATWG streams), so a chunk the usage filter holds
      // back whole must not end the pull.
      for (;;) {
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
        const outgoing = !scanner.push(result.value)
          ? undefined
          : usageFilter
            ? usageFilter.push(result.value)
            : result.value;
        if (outgoing === undefined) {
          upstreamAbort.abort();
          await chunks.return(undefined);
          failWith(controller, oversized());
          return;
        }
        if (outgoing.byteLength > 0) {
          controller.enqueue(outgoing);
          return;
        }
      }
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
 * events, so it holds back at most one partial event between chunks; each chunk is searched once
 * (no re-scan of what is held back), and holding more than `maxEvent` returns undefined.
 */
function createUsageChunkFilter(maxEvent: number) {
  const decoder = new TextDecoder();
  let pending: string[] = [];
  let pendingLength = 0;
  let pendingEndsWithNewline = false;
  const push = (bytes: Uint8Array): Uint8Array | undefined => {
    const text = decoder.decode(bytes, { stream: true });
    const inChunk = text.lastIndexOf('\n\n');
    const cut = inChunk !== -1 ? inChunk + 2 : pendingEndsWithNewline && text.startsWith('\n') ? 1 : -1;
    if (cut === -1) {
      if (text !== '') {
        pending.push(text);
        pendingLength += text.length;
        pendingEndsWithNewline = text.endsWith('\n');
      }
      return pendingLength > maxEvent ? undefined : new Uint8Array(0);
    }
    const complete = pending.join('') + text.slice(0, cut);
    const rest = text.slice(cut);
    pending = rest === '' ? [] : [rest];
    pendingLength = rest.length;
    pendingEndsWithNewline = rest.endsWith('\n');
    if (pendingLength > maxEvent) return undefined;
    const kept = complete
      .split(/(?<=\n\n)/)
      .filter((event) => !(event.includes('"usage"') && /"choices"\s*:\s*\[\s*\]/.test(event)))
      .join('');
    return encoder.encode(kept);
  };
  /** Whatever is held back when the upstream ends without a final blank line. */
  const flush = (): Uint8Array => {
    const rest = pending.join('') + decoder.decode();
    pending = [];
    pendingLength = 0;
    return encoder.encode(rest);
  };
  return { push, flush };
}

/**
 * Finds `data: [DONE]` and chunks carrying `usage` without parsing every chunk. Each chunk is
 * searched once; an unfinished line is kept as pieces. `push` returns false when a line grows past
 * `maxLine` (the relay then stops with a 502 instead of buffering it).
 */
function createSseLineScanner(onUsage: (usage: TokenUsage) => void, maxLine: number) {
  const decoder = new TextDecoder();
  let carry: string[] = [];
  let carryLength = 0;
  let done = false;
  return {
    push(bytes: Uint8Array): boolean {
      const text = decoder.decode(bytes, { stream: true });
      let start = 0;
      for (;;) {
        const newline = text.indexOf('\n', start);
        if (newline === -1) {
          if (start < text.length) {
            carry.push(text.slice(start));
            carryLength += text.length - start;
          }
          return carryLength <= maxLine;
        }
        const tail = text.slice(start, newline);
        const line = carry.length === 0 ? tail : carry.join('') + tail;
        carry = [];
        carryLength = 0;
        if (line.length > maxLine) return false;
        start = newline + 1;
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
