import { describe, expect, it } from 'vitest';
import { InMemoryResponse, jsonResponse } from './in-memory-response';

describe('InMemoryResponse', () => {
  it('reads like a Response: text, json, arrayBuffer, once', async () => {
    const response = jsonResponse({ hello: 'wörld' }, { status: 202, headers: { 'x-request-id': 'r1' } });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(202);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toBe('r1');
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual({ hello: 'wörld' });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(/unusable/);
    expect(response.bodyInMemory()).toBeUndefined();
  });

  it('gives an ordinary stream to whoever asks for body (Next.js does)', async () => {
    const response = new InMemoryResponse('plain ✓', { status: 200 });
    expect(response.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    const body = response.body as ReadableStream<Uint8Array>;
    expect(await new Response(body).text()).toBe('plain ✓');
    expect(response.bodyInMemory()).toBeUndefined();
  });

  it('hands its content over once to a server that writes it whole', async () => {
    const bytes = new TextEncoder().encode('bytes');
    const response = new InMemoryResponse(bytes, { status: 200 });
    expect(response.bodyInMemory()).toBe(bytes);
    expect(response.bodyUsed).toBe(true);
    await expect(response.arrayBuffer()).rejects.toThrow(/unusable/);
  });
});
