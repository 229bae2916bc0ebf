import { GatewayError } from '../errors/gateway-error';
import { iterateBody } from '../streams/iterate-body';

export type SseMessage = { event: string | undefined; data: string };

/** A framing fault of the stream itself (never an error of the source, which propagates as thrown). */
export type SseFramingError = { type: 'error'; error: GatewayError };
export type SsePart = ({ type: 'message' } & SseMessage) | SseFramingError;

export type ParseSseOptions = {
  /** Longest line, in UTF-16 code units (at most the byte count). Default 8 MB. */
  maxLineLength?: number;
  /** Largest event (its joined `data` lines), in code units. Default 8 MB. */
  maxEventLength?: number;
};

/** The default cap on one upstream SSE line and on one event (issue 17 #6). */
export const DEFAULT_MAX_UPSTREAM_EVENT_BYTES = 8 * 1024 * 1024;

/**
 * Parses a `text/event-stream` body per the WHATWG rules
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
 * lines end in \n, \r\n or \r (also when split across chunks), `data` lines join with \n, comment
 * lines (`:`) are skipped, one leading space after the colon is dropped, a blank line dispatches,
 * and an unterminated event at the end of the stream is discarded. `id` and `retry` are not needed
 * by the gateway and are ignored.
 *
 * One failure rule, the same as the Bedrock decoder's: a framing fault (a line or an event past its
 * cap) is yielded as one final `{type:'error'}` part (a 502 `upstream_stream_error`), while an error
 * thrown by the source iterable propagates unchanged. Each chunk is scanned once: an unfinished
 * line is kept as pieces and never re-scanned, so a hostile 16 MB line costs linear time and is
 * refused at the cap instead of being buffered whole.
 */
export async function* parseSseParts(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  options: ParseSseOptions = {},
): AsyncGenerator<SsePart> {
  const maxLine = options.maxLineLength ?? DEFAULT_MAX_UPSTREAM_EVENT_BYTES;
  const maxEvent = options.maxEventLength ?? DEFAULT_MAX_UPSTREAM_EVENT_BYTES;
  const decoder = new TextDecoder('utf-8');
  let firstText = true;
  // A chunk ending in \r may be the first half of \r\n: the \n that follows must not count again.
  let skipLeadingNewline = false;
  let pending: string[] = [];
  let pendingLength = 0;
  let data: string[] = [];
  let dataLength = 0;
  let event: string | undefined;

  const processLine = (line: string): SsePart | undefined => {
    if (line === '') {
      const message: SsePart | undefined =
        data.length > 0 ? { type: 'message', event: event || undefined, data: data.join('\n') } : undefined;
      data = [];
      dataLength = 0;
      event = undefined;
      return message;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      dataLength += value.length + 1;
      if (dataLength > maxEvent) return framingError(`an event larger than ${maxEvent} bytes`);
      data.push(value);
    } else if (field === 'event') event = value;
    return undefined;
  };

  for await (const chunk of iterateBody(body)) {
    let text = decoder.decode(chunk, { stream: true });
    if (firstText && text !== '') {
      // The stream's leading byte order mark is not part of the first line.
      if (text.startsWith('\uFEFF')) text = text.slice(1);
      firstText = false;
    }
    if (skipLeadingNewline && text !== '') {
      if (text.startsWith('\n')) text = text.slice(1);
      skipLeadingNewline = false;
    }
    let position = 0;
    for (;;) {
      const end = findLineEnd(text, position);
      if (end === -1) {
        if (position < text.length) {
          pendingLength += text.length - position;
          if (pendingLength > maxLine) {
            yield framingError(`a line longer than ${maxLine} bytes`);
            return;
          }
          pending.push(text.slice(position));
        }
        break;
      }
      const tail = text.slice(position, end);
      const line = pending.length === 0 ? tail : pending.join('') + tail;
      pending = [];
      pendingLength = 0;
      if (line.length > maxLine) {
        yield framingError(`a line longer than ${maxLine} bytes`);
        return;
      }
      const part = processLine(line);
      if (part) {
        yield part;
        if (part.type === 'error') return;
      }
      if (text.charCodeAt(end) === 13) {
        if (end + 1 < text.length) position = text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
        else {
          position = end + 1;
          skipLeadingNewline = true;
        }
      } else {
        position = end + 1;
      }
    }
  }
}

/**
 * The messages of a `text/event-stream` body; a framing fault is thrown as its GatewayError (502),
 * an error of the source propagates unchanged. Kept for existing callers: new code should use
 * `parseSseParts`, whose failures are values.
 */
export async function* parseSse(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  options: ParseSseOptions = {},
): AsyncGenerator<SseMessage> {
  for await (const part of parseSseParts(body, options)) {
    if (part.type === 'error') throw part.error;
    yield { event: part.event, data: part.data };
  }
}

function framingError(what: string): SseFramingError {
  return {
    type: 'error',
    error: new GatewayError({
      code: 'upstream_stream_error',
      status: 502,
      message: `The upstream sent ${what}; the stream was stopped.`,
    }),
  };
}

function findLineEnd(text: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    const character = text.charCodeAt(index);
    if (character === 10 || character === 13) return index;
  }
  return -1;
}
