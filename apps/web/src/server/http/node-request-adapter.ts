import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * node:http <-> Web Request/Response, for serving the core without Next.js. The Request's signal
 * aborts when the client goes away before the response has finished, which aborts the upstream
 * call.
 */
export function toWebRequest(incoming: IncomingMessage, outgoing: ServerResponse, origin: string): Request {
  const controller = new AbortController();
  // The response's 'close' (not the socket's: a keep-alive socket outlives many requests) fires on
  // completion or on disconnect; only the latter is an abort.
  outgoing.once('close', () => {
    if (!outgoing.writableFinished) controller.abort();
  });
  const headers = new Headers();
  for (let index = 0; index < incoming.rawHeaders.length; index += 2) {
    headers.append(incoming.rawHeaders[index] as string, incoming.rawHeaders[index + 1] as string);
  }
  const method = incoming.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(origin + (incoming.url ?? '/'), {
    method,
    headers,
    signal: controller.signal,
    ...(hasBody ? { body: bodyStreamOf(incoming), duplex: 'half' } : {}),
  } as RequestInit);
}

/**
 * The request body as a Web stream. Hand-rolled rather than `Readable.toWeb`, which showed up in
 * profiles: it pauses the socket when the queue is full (backpressure) and destroys it on cancel
 * (the body-size limit cancels).
 */
function bodyStreamOf(incoming: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      incoming.on('data', (chunk: Buffer) => {
        controller.enqueue(chunk);
        if ((controller.desiredSize ?? 1) <= 0) incoming.pause();
      });
      incoming.once('end', () => controller.close());
      incoming.once('error', (error) => controller.error(error));
    },
    pull() {
      incoming.resume();
    },
    cancel() {
      incoming.destroy();
    },
  });
}

/**
 * Writes a Web Response to node:http. A body that is not an event stream is read whole first and
 * sent with a content-length in one write (no chunked encoding: one syscall fewer per request); an
 * event stream is relayed chunk by chunk as it arrives, with backpressure.
 */
export async function sendWebResponse(response: Response, outgoing: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  let hasCookies = false;
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') hasCookies = true;
    else headers[name] = value;
  });
  if (hasCookies) headers['set-cookie'] = response.headers.getSetCookie();
  if (response.body === null) {
    outgoing.writeHead(response.status, headers);
    outgoing.end();
    return;
  }
  const reader = response.body.getReader();
  const onClose = () => reader.cancel().catch(() => undefined);
  outgoing.once('close', onClose);
  try {
    if (!String(headers['content-type'] ?? '').startsWith('text/event-stream')) {
      const whole = await readWhole(reader);
      headers['content-length'] = String(whole.byteLength);
      outgoing.writeHead(response.status, headers);
      outgoing.end(whole);
      return;
    }
    outgoing.writeHead(response.status, headers);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // Respect backpressure: wait for the socket to drain before reading more from upstream.
      if (!outgoing.write(value)) await waitForDrain(outgoing);
    }
    outgoing.end();
  } catch {
    outgoing.destroy();
  } finally {
    outgoing.off('close', onClose);
  }
}

async function readWhole(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
}

function waitForDrain(outgoing: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      outgoing.off('drain', done);
      outgoing.off('close', done);
      resolve();
    };
    outgoing.once('drain', done);
    outgoing.once('close', done);
  });
}
