import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryResponse } from '@gateway/ai-gateway';
import { afterEach, describe, expect, it } from 'vitest';
import { sendWebResponse, toWebRequest } from './node-request-adapter';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A node:http server handing each request to `handle` through the adapter; returns its URL. */
async function serve(handle: (request: Request) => Promise<Response>): Promise<string> {
  server = createServer(async (incoming, outgoing) => {
    await sendWebResponse(await handle(toWebRequest(incoming, outgoing, 'http://127.0.0.1')), outgoing);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the node:http adapter', () => {
  it('answers what the core reads from the IncomingMessage, and is a Request', async () => {
    const url = await serve(async (request) => {
      const text = await request.text();
      return Response.json({
        isRequest: request instanceof Request,
        method: request.method,
        url: request.url,
        custom: request.headers.get('x-custom'),
        text,
        bodyUsed: request.bodyUsed,
        aborted: request.signal.aborted,
      });
    });
    const response = await fetch(`${url}/api/gateway/v1/chat/completions?x=1`, {
      method: 'POST',
      headers: { 'x-custom': 'yes', 'content-type': 'application/json' },
      body: '{"model":"m","messages":[]}',
    });
    expect(await response.json()).toEqual({
      isRequest: true,
      method: 'POST',
      url: 'http://127.0.0.1/api/gateway/v1/chat/completions?x=1',
      custom: 'yes',
      text: '{"model":"m","messages":[]}',
      bodyUsed: true,
      aborted: false,
    });
  });

  it('builds a real Request for anything else (clone, arrayBuffer, the body stream)', async () => {
    const url = await serve(async (request) => {
      const copy = request.clone();
      const [bytes, again] = await Promise.all([request.arrayBuffer(), copy.text()]);
      return Response.json({ length: bytes.byteLength, again, cache: request.cache });
    });
    const response = await fetch(url, { method: 'PUT', body: 'hello' });
    expect(await response.json()).toEqual({ length: 5, again: 'hello', cache: 'default' });
  });

  it('refuses a second read of the body, like a Request', async () => {
    const url = await serve(async (request) => {
      await request.text();
      const second = await request.text().then(
        () => 'read twice',
        (error: Error) => error.message,
      );
      return new Response(second);
    });
    expect(await (await fetch(url, { method: 'POST', body: 'x' })).text()).toMatch(/unusable/);
  });

  it('aborts the signal when the client goes away before the answer', async () => {
    let aborted: Promise<boolean> | undefined;
    const url = await serve(async (request) => {
      aborted = new Promise((resolve) => request.signal.addEventListener('abort', () => resolve(true)));
      await aborted;
      return new Response('late');
    });
    const controller = new AbortController();
    const pending = fetch(url, { signal: controller.signal }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    await pending;
    expect(await aborted).toBe(true);
  });

  it('fails the body read when the client goes away mid-body, instead of waiting for ever', async () => {
    let bodyOutcome: Promise<string> | undefined;
    const url = await serve(async (request) => {
      bodyOutcome = request.text().then(
        () => 'read',
        (error: Error) => error.message,
      );
      return new Response(await bodyOutcome);
    });
    const { request: sendRaw } = await import('node:http');
    const upload = sendRaw(`${url}/`, { method: 'POST', headers: { 'content-length': '100' } });
    upload.on('error', () => undefined);
    upload.write('only part of it');
    await new Promise((resolve) => setTimeout(resolve, 100));
    upload.destroy();
    await expect.poll(() => bodyOutcome).toBeDefined();
    // Node reports it as an 'aborted' error; the 'close' guard covers a close without one.
    expect(await bodyOutcome).toMatch(/aborted|closed the connection/);
  });

  it('writes an in-memory answer in one piece with its content-length', async () => {
    const url = await serve(
      async () =>
        new InMemoryResponse('{"ok":"✓"}', { status: 201, headers: { 'content-type': 'application/json' } }),
    );
    const response = await fetch(url);
    expect(response.status).toBe(201);
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength('{"ok":"✓"}')));
    expect(response.headers.get('transfer-encoding')).toBeNull();
    expect(await response.json()).toEqual({ ok: '✓' });
  });
});
