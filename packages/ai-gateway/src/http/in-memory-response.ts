/**
 * A Response whose whole body is already in memory (a string or bytes). `new Response(body)` wraps
 * it in a Web stream that `text()` then drains through a reader and several promises, and a server
 * writing it out reads it the same way; profiled under load (issue 18) that was a visible share of
 * every non-streamed request, most under Next.js, where async hooks make each promise dearer.
 *
 * Here `text()`, `arrayBuffer()` and `json()` answer from memory, a node:http server can write
 * `bodyInMemory()` in one call, and the stream behind `body` is built only if something asks for
 * it (Next.js does, and gets an ordinary stream). Read once, like any Response.
 */
export class InMemoryResponse extends Response {
  #content: string | Uint8Array<ArrayBuffer> | undefined;
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | undefined;
  #read = false;

  constructor(content: string | Uint8Array<ArrayBuffer>, init: ResponseInit) {
    super(null, init);
    this.#content = content;
    if (typeof content === 'string' && !this.headers.has('content-type'))
      this.headers.set('content-type', 'text/plain;charset=UTF-8');
  }

  /** The whole body, taking it (the response is then used), or undefined once `body` was asked for. */
  bodyInMemory(): string | Uint8Array | undefined {
    if (this.#read || this.#stream !== undefined) return undefined;
    this.#read = true;
    const content = this.#content;
    this.#content = undefined;
    return content ?? '';
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    const content = this.#content;
    if (this.#stream === undefined && content !== undefined) {
      this.#content = undefined;
      const bytes = typeof content === 'string' ? encoder.encode(content) : content;
      this.#stream = new ReadableStream<Uint8Array<ArrayBuffer>>({
        start(controller) {
          if (bytes.byteLength > 0) controller.enqueue(bytes);
          controller.close();
        },
      });
    }
    return this.#stream ?? null;
  }

  override get bodyUsed(): boolean {
    return this.#read;
  }

  override text(): Promise<string> {
    return this.#take().then((content) => (typeof content === 'string' ? content : decoder.decode(content)));
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#take().then((content) => {
      const bytes = typeof content === 'string' ? encoder.encode(content) : content;
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    });
  }

  override json(): Promise<unknown> {
    return this.text().then((text) => JSON.parse(text));
  }

  #take(): Promise<string | Uint8Array<ArrayBuffer>> {
    if (this.#read) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    this.#read = true;
    if (this.#stream !== undefined)
      return new Response(this.#stream).arrayBuffer().then((buffer) => new Uint8Array(buffer));
    const content = this.#content ?? '';
    this.#content = undefined;
    return Promise.resolve(content);
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `Response.json` as an InMemoryResponse. */
export function jsonResponse(value: unknown, init: ResponseInit = {}): InMemoryResponse {
  const response = new InMemoryResponse(JSON.stringify(value), init);
  response.headers.set('content-type', 'application/json');
  return response;
}
