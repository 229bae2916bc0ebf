export type SseMessage = { event: string | undefined; data: string };

/**
 * Parses a `text/event-stream` body per the WHATWG rules
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
 * lines end in \n, \r\n or \r (also when split across chunks), `data` lines join with \n, comment
 * lines (`:`) are skipped, one leading space after the colon is dropped, a blank line dispatches,
 * and an unterminated event at the end of the stream is discarded. `id` and `retry` are not needed
 * by the gateway and are ignored.
 */
export async function* parseSse(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let firstText = true;
  // A chunk ending in \r may be the first half of \r\n: the \n that follows must not count again.
  let skipLeadingNewline = false;
  let data: string[] = [];
  let event: string | undefined;

  const processLine = (line: string): SseMessage | undefined => {
    if (line === '') {
      const message = data.length > 0 ? { event: event || undefined, data: data.join('\n') } : undefined;
      data = [];
      event = undefined;
      return message;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    return undefined;
  };

  for await (const chunk of iterate(body)) {
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
    buffer += text;
    let position = 0;
    for (;;) {
      const end = findLineEnd(buffer, position);
      if (end === -1) break;
      const message = processLine(buffer.slice(position, end));
      if (message) yield message;
      if (buffer[end] === '\r') {
        if (end + 1 < buffer.length) position = buffer[end + 1] === '\n' ? end + 2 : end + 1;
        else {
          position = end + 1;
          skipLeadingNewline = true;
        }
      } else {
        position = end + 1;
      }
    }
    buffer = buffer.slice(position);
  }
}

function findLineEnd(text: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    const character = text.charCodeAt(index);
    if (character === 10 || character === 13) return index;
  }
  return -1;
}

async function* iterate(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncIterable<Uint8Array> {
  if (Symbol.asyncIterator in body) {
    yield* body as AsyncIterable<Uint8Array>;
    return;
  }
  const reader = (body as ReadableStream<Uint8Array>).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
