import type { IncomingMessage, ServerResponse } from 'node:http';
import { InMemoryResponse } from '@gateway/ai-gateway';

/**
 * node:http -> Web Request, for serving the core without Next.js. What the core reads on every
 * request (method, url, headers, signal, `text()`) is answered straight from the IncomingMessage;
 * a real `Request` is built only if something asks for anything else, since building one (its
 * URL, Headers, AbortSignal and body stream) was a quarter of the node entries' time per request
 * (issue 18; `@hono/node-server` does the same). The signal aborts when the client goes away
 * before the response has finished, which aborts the upstream call.
 */
export function toWebRequest(incoming: IncomingMessage, outgoing: ServerResponse, origin: string): Request {
  return new NodeRequest(incoming, outgoing, origin) as unknown as Request;
}

class NodeRequest {
  readonly #incoming: IncomingMessage;
  readonly #outgoing: ServerResponse;
  readonly #origin: string;
  #headers: Headers | undefined;
  #controller: AbortController | undefined;
  #bodyTaken = false;
  #real: Request | undefined;

  constructor(incoming: IncomingMessage, outgoing: ServerResponse, origin: string) {
    this.#incoming = incoming;
    this.#outgoing = outgoing;
    this.#origin = origin;
  }

  get method(): string {
    return this.#incoming.method ?? 'GET';
  }

  get url(): string {
    return this.#origin + (this.#incoming.url ?? '/');
  }

  get headers(): Headers {
    if (this.#headers === undefined) {
      const headers = new Headers();
      const raw = this.#incoming.rawHeaders;
      for (let index = 0; index < raw.length; index += 2) {
        headers.append(raw[index] as string, raw[index + 1] as string);
      }
      this.#headers = headers;
    }
    return this.#headers;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      const controller = new AbortController();
      const outgoing = this.#outgoing;
      // The response's 'close' (not the socket's: a keep-alive socket outlives many requests) fires
      // on completion or on disconnect; only the latter is an abort.
      outgoing.once('close', () => {
        if (!outgoing.writableFinished) controller.abort();
      });
      this.#controller = controller;
    }
    return this.#controller.signal;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.#materialize().body;
  }

  get bodyUsed(): boolean {
    return this.#real?.bodyUsed ?? this.#bodyTaken;
  }

  /** The whole body, read natively (the core calls this when a content-length bounds the body). */
  text(): Promise<string> {
    if (this.#real !== undefined || !this.#hasBody()) return this.#materialize().text();
    if (this.#bodyTaken) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    this.#bodyTaken = true;
    const incoming = this.#incoming;
    return new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      incoming.once('error', reject);
      // A client that goes away mid-body: 'close' without 'end' (after 'end' this is a no-op).
      incoming.once('close', () => {
        if (!incoming.complete)
          reject(new Error('The client closed the connection before sending its whole body.'));
      });
    });
  }

  json(): Promise<unknown> {
    return this.text().then((text) => JSON.parse(text));
  }

  #hasBody(): boolean {
    return this.method !== 'GET' && this.method !== 'HEAD';
  }

  /** The real Request, for everything this class does not answer itself. */
  #materialize(): Request {
    if (this.#real === undefined) {
      if (this.#bodyTaken) throw new TypeError('Body is unusable: Body has already been read');
      this.#real = new Request(this.url, {
        method: this.method,
        headers: this.headers,
        signal: this.signal,
        ...(this.#hasBody() ? { body: bodyStreamOf(this.#incoming), duplex: 'half' } : {}),
      } as RequestInit);
    }
    return this.#real;
  }

  /** Lets the members defined below reach the real Request. */
  static real(request: NodeRequest): Request {
    return request.#materialize();
  }
}

// `instanceof Request` holds, and every other Request member (clone, arrayBuffer, formData, cache,
// …) is read from a real Request built on first use.
Object.setPrototypeOf(NodeRequest.prototype, Request.prototype);
for (const name of Object.getOwnPropertyNames(Request.prototype)) {
  if (name === 'constructor' || Object.hasOwn(NodeRequest.prototype, name)) continue;
  const descriptor = Object.getOwnPropertyDescriptor(Request.prototype, name) as PropertyDescriptor;
  Object.defineProperty(NodeRequest.prototype, name, {
    configurable: true,
    ...(typeof descriptor.value === 'function'
      ? {
          value(this: NodeRequest, ...args: unknown[]) {
            const real = NodeRequest.real(this) as unknown as Record<string, (...a: unknown[]) => unknown>;
            return (real[name] as (...a: unknown[]) => unknown).apply(real, args);
          },
        }
      : {
          get(this: NodeRequest) {
            return (NodeRequest.real(this) as unknown as Record<string, unknown>)[name];
          },
        }),
  });
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
  // The core's whole answers are kept in memory: written in one call, no stream in between.
  const inMemory = response instanceof InMemoryResponse ? response.bodyInMemory() : undefined;
  if (inMemory !== undefined) {
    headers['content-length'] = String(
      typeof inMemory === 'string' ? Buffer.byteLength(inMemory) : inMemory.byteLength,
    );
    outgoing.writeHead(response.status, headers);
    outgoing.end(inMemory);
    return;
  }
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
