import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../test/support/test-gateway';
import { createUndiciUpstreamFetch } from './upstream-fetch';

/**
 * The production upstream client over real sockets: keep-alive reuse, one request per connection
 * at a time (no pipelining), the per-origin connection cap, streaming, and abort propagation.
 */
type Upstream = {
  url: string;
  server: Server;
  /** Every TCP connection the upstream accepted. */
  sockets: Socket[];
  /** Requests whose connection closed before the response ended (the client went away). */
  abandoned: number;
  inFlight: number;
  maxInFlight: number;
  handle: (request: IncomingMessage, response: ServerResponse) => void;
};

async function startUpstream(): Promise<Upstream> {
  const upstream = {
    sockets: [] as Socket[],
    abandoned: 0,
    inFlight: 0,
    maxInFlight: 0,
    handle: (_request: IncomingMessage, response: ServerResponse) => {
      response.end('ok');
    },
  } as unknown as Upstream;
  upstream.server = createServer((request, response) => {
    upstream.inFlight++;
    upstream.maxInFlight = Math.max(upstream.maxInFlight, upstream.inFlight);
    response.once('close', () => {
      upstream.inFlight--;
      if (!response.writableFinished) upstream.abandoned++;
    });
    request.resume();
    upstream.handle(request, response);
  });
  upstream.server.on('connection', (socket) => upstream.sockets.push(socket));
  await new Promise<void>((resolve) => upstream.server.listen(0, '127.0.0.1', resolve));
  upstream.url = `http://127.0.0.1:${(upstream.server.address() as AddressInfo).port}`;
  return upstream;
}

async function eventually(check: () => boolean, withinMs: number): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > withinMs) throw new Error(`not seen within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const post = (url: string) => ({ url, method: 'POST' as const, headers: {}, body: '{}' });

describe('createUndiciUpstreamFetch', () => {
  let upstream: Upstream;
  const clients: { close: () => Promise<void> }[] = [];
  beforeAll(async () => {
    upstream = await startUpstream();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    upstream.sockets.length = 0;
    upstream.maxInFlight = 0;
    upstream.abandoned = 0;
    upstream.handle = (_request, response) => response.end('ok');
  });
  afterAll(() => new Promise<void>((resolve) => upstream.server.close(() => resolve())));

  const client = (connectionsPerOrigin?: number) => {
    const created = createUndiciUpstreamFetch({
      allowedHosts: [{ host: '127.0.0.1', port: undefined }],
      ...(connectionsPerOrigin ? { connectionsPerOrigin } : {}),
    });
    clients.push(created);
    return created.fetch;
  };

  it('keeps connections alive: sequential requests reuse their sockets', async () => {
    const fetch = client();
    for (let index = 0; index < 10; index++) {
      const response = await fetch(post(upstream.url), new AbortController().signal);
      expect(await response.text()).toBe('ok');
    }
    // undici may hand the next request to a second idle connection while the first is being
    // released, but never opens one per request.
    expect(upstream.sockets.length).toBeLessThanOrEqual(2);
  });

  it('never pipelines and caps connections per origin', async () => {
    const held: (() => void)[] = [];
    let holding = true;
    upstream.handle = (_request, response) => {
      if (holding) held.push(() => response.end('ok'));
      else response.end('ok');
    };
    const fetch = client(2);
    const pending = Array.from({ length: 5 }, () => fetch(post(upstream.url), new AbortController().signal));
    await eventually(() => held.length === 2, 2_000);
    // Two requests are held by the upstream: the other three wait in the client, none rides on
    // a busy connection and no third connection is opened.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(held).toHaveLength(2);
    expect(upstream.sockets).toHaveLength(2);
    holding = false;
    for (const release of held) release();
    for (const response of await Promise.all(pending)) expect(await response.text()).toBe('ok');
    expect(upstream.maxInFlight).toBe(2);
    expect(upstream.sockets).toHaveLength(2);
  });

  it('a whole answer is read from memory, once, by text(), json() or its body stream', async () => {
    const answer = JSON.stringify({ id: 'chatcmpl-1', content: 'h\u00e9llo' });
    upstream.handle = (_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(answer);
    };
    const fetch = client();
    const asText = await fetch(post(upstream.url), new AbortController().signal);
    expect(asText.status).toBe(200);
    expect(asText.headers.get('content-type')).toBe('application/json');
    expect(asText.bodyUsed).toBe(false);
    expect(await asText.text()).toBe(answer);
    expect(asText.bodyUsed).toBe(true);
    await expect(asText.text()).rejects.toThrow(TypeError);

    const asJson = await fetch(post(upstream.url), new AbortController().signal);
    expect(await asJson.json()).toEqual(JSON.parse(answer));

    const asStream = await fetch(post(upstream.url), new AbortController().signal);
    const relayed = await new Response(asStream.body).text();
    expect(relayed).toBe(answer);
  });

  it('streams: the first chunk arrives while the upstream is still sending', async () => {
    let finish: (() => void) | undefined;
    upstream.handle = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: first\n\n');
      finish = () => response.end('data: last\n\n');
    };
    const response = await client()(post(upstream.url), new AbortController().signal);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: first\n\n');
    expect(finish).toBeDefined();
    finish?.();
    let rest = '';
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      rest += new TextDecoder().decode(part.value);
    }
    expect(rest).toBe('data: last\n\n');
  });

  it('an abort mid-stream closes the upstream request', async () => {
    upstream.handle = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: first\n\n');
    };
    const controller = new AbortController();
    const response = await client()(post(upstream.url), controller.signal);
    await (response.body as ReadableStream<Uint8Array>).getReader().read();
    controller.abort();
    await eventually(() => upstream.abandoned === 1, 1_000);
  });
});

describe('a client that goes away mid-stream, through the whole gateway', () => {
  let upstream: Upstream;
  let gateway: TestGateway;
  beforeAll(async () => {
    upstream = await startUpstream();
    // An OpenAI-compatible upstream that drips one chunk every 50 ms and never ends on its own.
    upstream.handle = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (index: number) =>
        `data: {"id":"c","object":"chat.completion.chunk","created":0,"model":"m","choices":[{"index":0,"delta":{"content":"${index} "}}]}\n\n`;
      let index = 0;
      const timer = setInterval(() => response.write(chunk(index++)), 50);
      response.once('close', () => clearInterval(timer));
    };
    gateway = await startTestGateway();
    await gateway.putDefinition('dripping', {
      internal_id: 'dripping',
      display_name: 'Dripping',
      context_length: 1000,
      max_completion_tokens: 100,
      base_url: upstream.url,
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await new Promise<void>((resolve) => {
      upstream.server.closeAllConnections();
      upstream.server.close(() => resolve());
    });
  });

  it('aborts the upstream request within a second of the client disconnecting', async () => {
    const controller = new AbortController();
    const response = await fetch(`${gateway.url}/api/gateway/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.callerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'dripping', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.read();
    expect(upstream.inFlight).toBe(1);
    controller.abort();
    await eventually(() => upstream.abandoned === 1 && upstream.inFlight === 0, 1_000);
  });
});
